"""Reads of nominal records, always through the user's scope: a person outside it does not exist."""

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from omhub import identifiers
from omhub.accounts.models import Unit
from omhub.accounts.permissions import Capability, require, visible_unit_ids
from omhub.audit.models import AuditEvent
from omhub.audit.presentation import decorate
from omhub.people.models import Alias, NameKey, Person
from omhub.people.name_matching import QueryMatcher, strong_token_keys, token_keys, tokens

# A name search ranks at most this many candidates; more means the query is too broad to rank usefully.
NAME_CANDIDATE_LIMIT = 1000
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
    people: Sequence[Person]  # a queryset (everyone), a list (an identifier) or _RankedPeople (a name)
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
# In the model's field order, the order Person.from_db expects.
_RESULT_ATTNAMES = [f.attname for f in Person._meta.concrete_fields if f.name in _RESULT_FIELDS]
_ID, _FIRST, _MIDDLE, _LAST, _ESTABLISHMENT, _PROBATION_UNIT = (
    _RESULT_ATTNAMES.index(name)
    for name in ("id", "first_name", "middle_names", "last_name", "establishment_id", "probation_unit_id"))


def _candidates(people: QuerySet[Person], query_tokens: list[str], keys_of, *, exclude: list[int],
                limit: int) -> list[tuple]:
    # The first word's keys are joined rather than tested with IN (subquery), so that the database starts
    # from the name keys: with IN, SQLite (which has no statistics unless ANALYZE is run) starts from the
    # scope's unit indexes and reads most of the table, and PostgreSQL reads all of it even for a rare
    # name. DISTINCT removes the repeats the join gives a person matching under more than one key.
    people = people.filter(name_keys__key__in=keys_of(query_tokens[0])).distinct()
    for token in query_tokens[1:]:
        people = people.filter(id__in=NameKey.objects.filter(key__in=keys_of(token)).values("person_id"))
    if exclude:
        people = people.exclude(id__in=exclude)
    # Read as plain rows and scored; model instances are made only for the people on the page shown (see
    # _RankedPeople). Aliases are read only for the candidates who have any.
    return list(people.select_related(None)
                .annotate(has_aliases=Exists(Alias.objects.filter(person_id=OuterRef("pk"))))
                .values_list(*_RESULT_ATTNAMES, "has_aliases")[:limit])


def _name_search(people: QuerySet[Person], query_tokens: list[str]) -> SearchResults:
    # Candidates come in two tiers, so that the cap never drops the likeliest people: first those whose
    # every query word matches a name word exactly or by sound, then those matching only on the first or
    # last three letters (a wrong ending or first letter), up to the cap.
    rows = _candidates(people, query_tokens, strong_token_keys, exclude=[], limit=NAME_CANDIDATE_LIMIT + 1)
    if len(rows) <= NAME_CANDIDATE_LIMIT:
        rows += _candidates(people, query_tokens, token_keys, exclude=[row[_ID] for row in rows],
                            limit=NAME_CANDIDATE_LIMIT + 1 - len(rows))
    truncated = len(rows) > NAME_CANDIDATE_LIMIT
    rows = rows[:NAME_CANDIDATE_LIMIT]
    aliases: dict[int, list[list[str]]] = {}
    with_aliases = [row[_ID] for row in rows if row[-1]]
    if with_aliases:
        for person_id, first_name, last_name in (Alias.objects.filter(person_id__in=with_aliases)
                                                 .values_list("person_id", "first_name", "last_name")):
            aliases.setdefault(person_id, []).append(tokens(f"{first_name} {last_name}"))
    scores = {}
    matcher = QueryMatcher(query_tokens)
    for row in rows:
        person_id = row[_ID]
        score = matcher.score([tokens(f"{row[_FIRST]} {row[_MIDDLE]} {row[_LAST]}"), *aliases.get(person_id, [])])
        if score >= MINIMUM_NAME_SCORE:
            scores[person_id] = score
    ranked = sorted((row[:-1] for row in rows if row[_ID] in scores),
                    key=lambda row: (-scores[row[_ID]], row[_LAST], row[_FIRST], row[_ID]))
    message = ""
    if truncated:
        message = (f"More than {NAME_CANDIDATE_LIMIT:,} people have names like this. These are the closest among "
                   "them: add a first name, or search by an identifier.")
    return SearchResults(people=_RankedPeople(people.db, ranked), kind="name", scores=scores,
                         truncated=truncated, message=message)


class _RankedPeople(Sequence):
    """The people a name search ranked, in order, as Person instances made when they are read: exactly as
    the queryset would have made them with only() and select_related() (the other fields deferred,
    establishment and probation unit loaded). A broad name ranks up to 1,000 people and a page shows 25,
    so only the page's people are made (the Paginator takes len() and a slice)."""

    def __init__(self, db: str, rows: list[tuple]):
        self._db = db
        self._rows = rows
        self._people: list[Person | None] = [None] * len(rows)
        self._units: dict[int, Unit] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._person(i) for i in range(*index.indices(len(self._rows)))]
        index = operator.index(index)
        if index < 0:
            index += len(self._rows)
        if not 0 <= index < len(self._rows):
            raise IndexError("ranked people index out of range")
        return self._person(index)

    def __eq__(self, other):
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"<ranked people: {len(self)}>"

    def _person(self, index: int) -> Person:
        person = self._people[index]
        if person is None:
            if self._units is None:
                unit_ids = {row[_ESTABLISHMENT] for row in self._rows} | {row[_PROBATION_UNIT] for row in self._rows}
                self._units = Unit.objects.using(self._db).in_bulk(unit_ids - {None})
            person = self._people[index] = Person.from_db(self._db, _RESULT_ATTNAMES, self._rows[index])
            _establishment_field.set_cached_value(person, self._units.get(person.establishment_id))
            _probation_unit_field.set_cached_value(person, self._units.get(person.probation_unit_id))
        return person


_establishment_field = Person._meta.get_field("establishment")
_probation_unit_field = Person._meta.get_field("probation_unit")


def timeline(person: Person, limit: int = 100, *, leave_out: Sequence[str] = ()) -> list[AuditEvent]:
    """What has been recorded about the person, newest first, less the kinds of record (``leave_out``,
    object types) the reader may not see. Views of the record are in the audit trail for auditors, not here."""
    events = AuditEvent.objects.filter(person_id=person.pk).exclude(action=AuditEvent.Action.READ)
    if leave_out:
        events = events.exclude(object_type__in=leave_out)
    return decorate(list(events.order_by("-sequence")[:limit]))
