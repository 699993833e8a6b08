"""Reads of nominal records, always through the user's scope: a person outside it does not exist."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from omhub import identifiers
from omhub.accounts.models import Unit
from omhub.accounts.permissions import Capability, require, visible_unit_ids
from omhub.audit.models import AuditEvent
from omhub.audit.presentation import decorate
from omhub.people.models import Alias, NameKey, Person
from omhub.people.name_matching import QueryMatcher, token_keys, tokens

# A name search ranks at most this many candidates; more means the query is too broad to rank usefully.
NAME_CANDIDATE_LIMIT = 2000
# Matches scoring below this are noise (a shared last three letters, say) and are not shown.
MINIMUM_NAME_SCORE = 0.6


def scope_filter(user) -> Q:
    allowed = visible_unit_ids(user)
    if allowed is None:
        return Q()
    return Q(establishment_id__in=allowed) | Q(probation_unit_id__in=allowed)


def people_visible_to(user) -> QuerySet[Person]:
    require(user, Capability.VIEW_PEOPLE)
    return Person.objects.filter(scope_filter(user)).select_related("establishment", "probation_unit")


def get_person(user, person_id: int) -> Person:
    """The person if the user may see them; Person.DoesNotExist otherwise, so that a person in
    another unit is indistinguishable from one who does not exist."""
    return people_visible_to(user).prefetch_related("aliases").get(pk=person_id)


@dataclass
class SearchResults:
    people: list[Person]
    kind: str = "all"  # "all", "identifier" or "name"
    message: str = ""
    scores: dict[int, float] = field(default_factory=dict)
    truncated: bool = False


@dataclass(frozen=True)
class PeopleFilters:
    query: str = ""
    unit_id: int | None = None
    legal_status: str = ""
    rosh_level: str = ""


def search_people(user, filters: PeopleFilters) -> SearchResults:
    """One box for everything: an identifier finds that person exactly; anything else is a name,
    matched despite typos and in either order; nothing lists everyone the user can see."""
    people = people_visible_to(user)
    if filters.unit_id:
        people = people.filter(Q(establishment_id=filters.unit_id) | Q(probation_unit_id=filters.unit_id))
    if filters.legal_status:
        people = people.filter(legal_status=filters.legal_status)
    if filters.rosh_level:
        people = people.filter(rosh_level=filters.rosh_level)
    query = filters.query.strip()
    if not query:
        return SearchResults(people=people, kind="all")
    identified = identifiers.identify(query)
    if identified:
        kind, value = identified
        return SearchResults(people=list(people.filter(**{kind: value})), kind="identifier")
    query_tokens = tokens(query)
    if not query_tokens:
        return SearchResults(people=[], kind="name",
                             message="Enter a name, or an identifier such as a prison number, CRN or PNC number")
    return _name_search(people, query_tokens)


# What a result row shows (the search page and the API): the rest of the record is left unloaded.
_RESULT_FIELDS = ("id", "first_name", "middle_names", "last_name", "prison_number", "crn", "date_of_birth",
                  "establishment", "probation_unit", "legal_status", "rosh_level", "mappa_level",
                  "security_category", "risk_to_children", "safeguarding_concern",
                  "harassment_or_restraining_order", "visor_registered", "public_protection_concern",
                  "nationality")


_JOIN = False


def _name_search(people: QuerySet[Person], query_tokens: list[str]) -> SearchResults:
    if _JOIN:
        people = people.filter(name_keys__key__in=token_keys(query_tokens[0])).distinct()
        for token in query_tokens[1:]:
            people = people.filter(id__in=NameKey.objects.filter(key__in=token_keys(token)).values("person_id"))
    else:
        for token in query_tokens:
            people = people.filter(id__in=NameKey.objects.filter(key__in=token_keys(token)).values("person_id"))
    # Up to 2,001 candidates are read as plain rows and scored; model instances are made only for the
    # people who score well enough to be shown (often a small share of the candidates), and their
    # units are attached from one small query rather than joined onto every candidate row.
    # In the model's field order, as Person.from_db expects them.
    attnames = [f.attname for f in Person._meta.concrete_fields if f.name in _RESULT_FIELDS]
    at = {name: attnames.index(name) for name in ("id", "first_name", "middle_names", "last_name")}
    rows = list(people.select_related(None).values_list(*attnames)[: NAME_CANDIDATE_LIMIT + 1])
    truncated = len(rows) > NAME_CANDIDATE_LIMIT
    rows = rows[:NAME_CANDIDATE_LIMIT]
    aliases: dict[int, list[list[str]]] = {}
    for person_id, first_name, last_name in Alias.objects.filter(
            person_id__in=[row[at["id"]] for row in rows]).values_list("person_id", "first_name", "last_name"):
        aliases.setdefault(person_id, []).append(tokens(f"{first_name} {last_name}"))
    scores = {}
    matcher = QueryMatcher(query_tokens)
    for row in rows:
        person_id = row[at["id"]]
        variants = [tokens(f"{row[at['first_name']]} {row[at['middle_names']]} {row[at['last_name']]}"),
                    *aliases.get(person_id, [])]
        score = matcher.score(variants)
        if score >= MINIMUM_NAME_SCORE:
            scores[person_id] = score
    ranked = sorted((row for row in rows if row[at["id"]] in scores),
                    key=lambda row: (-scores[row[at["id"]]], row[at["last_name"]], row[at["first_name"]],
                                     row[at["id"]]))
    message = ""
    if truncated:
        message = (f"More than {NAME_CANDIDATE_LIMIT:,} people have names like this. These are the closest among "
                   "them: add a first name, or search by an identifier.")
    return SearchResults(people=_people_from_rows(people.db, attnames, ranked), kind="name", scores=scores,
                         truncated=truncated, message=message)


def _people_from_rows(db: str, attnames: list[str], rows: list[tuple]) -> list[Person]:
    """Person instances from rows read with values_list(*attnames), as the queryset would have made them
    (the other fields deferred), with their establishment and probation unit loaded."""
    people = [Person.from_db(db, attnames, row) for row in rows]
    unit_ids = {person.establishment_id for person in people} | {person.probation_unit_id for person in people}
    units = Unit.objects.using(db).in_bulk(unit_ids - {None})
    for person in people:
        person.establishment = units.get(person.establishment_id)
        person.probation_unit = units.get(person.probation_unit_id)
    return people


def timeline(person: Person, limit: int = 100) -> list[AuditEvent]:
    """What has been recorded about the person, newest first. Views of the record are in the audit
    trail for auditors, not here."""
    return decorate(list(
        AuditEvent.objects.filter(person_id=person.pk).exclude(action=AuditEvent.Action.READ)
        .order_by("-sequence")[:limit]
    ))
