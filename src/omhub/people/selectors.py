"""Reads of nominal records, always through the user's scope: a person outside it does not exist."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from omhub import identifiers
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


def _name_search(people: QuerySet[Person], query_tokens: list[str]) -> SearchResults:
    for token in query_tokens:
        people = people.filter(id__in=NameKey.objects.filter(key__in=token_keys(token)).values("person_id"))
    candidates = list(
        people.only("id", "first_name", "middle_names", "last_name", "prison_number", "crn", "date_of_birth",
                    "establishment", "probation_unit", "legal_status", "rosh_level", "mappa_level",
                    "security_category", "risk_to_children", "safeguarding_concern",
                    "harassment_or_restraining_order", "visor_registered", "public_protection_concern",
                    "nationality")[: NAME_CANDIDATE_LIMIT + 1]
    )
    truncated = len(candidates) > NAME_CANDIDATE_LIMIT
    candidates = candidates[:NAME_CANDIDATE_LIMIT]
    aliases: dict[int, list[list[str]]] = {}
    for alias in Alias.objects.filter(person_id__in=[p.id for p in candidates]).only("person_id", "first_name",
                                                                                     "last_name"):
        aliases.setdefault(alias.person_id, []).append(tokens(f"{alias.first_name} {alias.last_name}"))
    scores = {}
    matcher = QueryMatcher(query_tokens)
    for person in candidates:
        variants = [tokens(f"{person.first_name} {person.middle_names} {person.last_name}"),
                    *aliases.get(person.id, [])]
        score = matcher.score(variants)
        if score >= MINIMUM_NAME_SCORE:
            scores[person.id] = score
    ranked = sorted((p for p in candidates if p.id in scores),
                    key=lambda p: (-scores[p.id], p.last_name, p.first_name, p.id))
    message = ""
    if truncated:
        message = (f"More than {NAME_CANDIDATE_LIMIT:,} people have names like this. These are the closest among "
                   "them: add a first name, or search by an identifier.")
    return SearchResults(people=ranked, kind="name", scores=scores, truncated=truncated, message=message)


def timeline(person: Person, limit: int = 100) -> list[AuditEvent]:
    """What has been recorded about the person, newest first. Views of the record are in the audit
    trail for auditors, not here."""
    return decorate(list(
        AuditEvent.objects.filter(person_id=person.pk).exclude(action=AuditEvent.Action.READ)
        .order_by("-sequence")[:limit]
    ))
