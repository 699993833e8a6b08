"""Properties of the timescales engine, checked with hypothesis over 2015-2028 and every kind of rule."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from omhub.timescales import (
    LONDON,
    DeadlineRule,
    Direction,
    Extension,
    Pause,
    Unit,
    add_months,
    compute_deadline,
)

from .support import CAL

settings.register_profile("timescales", max_examples=150, deadline=None)
PROFILE = settings.get_profile("timescales")

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 6, 30))
cut_offs = st.one_of(st.none(), st.sampled_from([time(15, 0), time(12, 0), time(16, 30)]))


@st.composite
def received_times(draw) -> datetime:
    day = draw(days)
    minute = draw(st.integers(0, 24 * 60 - 1))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)


@st.composite
def rules(draw, units=tuple(Unit)) -> DeadlineRule:
    unit = draw(st.sampled_from(units))
    amount = draw(st.integers(0, {Unit.MONTHS: 24, Unit.WEEKS: 30, Unit.HOURS: 96}.get(unit, 40)))
    if unit is Unit.HOURS:
        return DeadlineRule(unit, amount)
    direction = draw(st.sampled_from(Direction))
    if direction is Direction.BEFORE or draw(st.booleans()):
        anchor = "RELEASE"
        return DeadlineRule(unit, amount, direction, anchor, land_on_working_day=draw(st.booleans()))
    return DeadlineRule(unit, amount, cut_off=draw(cut_offs), land_on_working_day=draw(st.booleans()))


@st.composite
def pauses(draw, near: date) -> Pause:
    stopped = near + timedelta(days=draw(st.integers(-10, 60)))
    length = draw(st.one_of(st.none(), st.integers(0, 20)))
    restarted = None if length is None else stopped + timedelta(days=length)
    return Pause(stopped, restarted, "waiting for information")


def compute(rule, moment: datetime, **inputs):
    return compute_deadline(
        rule, received_at=moment, key_dates={"RELEASE": moment.date()}, calendar=CAL, **inputs
    )


# (1) A rule counted in working days never ends on a non-working day ----------------------------


@PROFILE
@given(st.data(), rules(units=(Unit.WORKING_DAYS,)), received_times())
def test_a_working_day_rule_never_ends_on_a_non_working_day(data, rule, moment):
    stops = data.draw(st.lists(pauses(moment.date()), max_size=3))
    extra = data.draw(st.lists(st.builds(Extension, st.integers(1, 10), st.just("more time")), max_size=2))
    deadline = compute(rule, moment, pauses=stops, extensions=extra, as_of=moment.date() + timedelta(days=30))
    assert CAL.is_working_day(deadline.due_date)
    assert CAL.is_working_day(deadline.start)


@PROFILE
@given(rules(units=(Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS)), received_times())
def test_calendar_rules_land_on_a_working_day_on_the_side_of_their_direction(rule, moment):
    deadline = compute(rule, moment)
    counted = deadline.explanation[1]
    if rule.land_on_working_day:
        assert CAL.is_working_day(deadline.due_date)
    raw = _raw_due(rule, deadline.start)
    assert (deadline.due_date <= raw) if rule.direction is Direction.BEFORE else (deadline.due_date >= raw), counted
    assert CAL.working_days_between(min(raw, deadline.due_date), max(raw, deadline.due_date)) <= 1


def _raw_due(rule: DeadlineRule, start: date) -> date:
    sign = 1 if rule.direction is Direction.AFTER else -1
    if rule.unit is Unit.MONTHS:
        return add_months(start, sign * rule.amount)
    return start + timedelta(days=sign * rule.amount * (7 if rule.unit is Unit.WEEKS else 1))


# (2) Adding then removing a pause gives the original deadline -----------------------------------


@PROFILE
@given(st.data(), rules(units=(Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS)), received_times())
def test_adding_then_removing_a_pause_gives_the_original_deadline(data, rule, moment):
    original = compute(rule, moment)
    pause = data.draw(pauses(moment.date()).filter(lambda p: not p.is_open))
    paused = compute(rule, moment, pauses=[pause])
    removed = compute(rule, moment, pauses=[])
    assert removed == original
    assert paused.due_date >= original.due_date
    if rule.unit is Unit.WORKING_DAYS:
        # The pause moves the deadline by exactly the working days it reports, so taking them off
        # the paused deadline gives the original back.
        assert CAL.working_days_between(original.due_date, paused.due_date) == paused.paused_days
        assert CAL.add_working_days(paused.due_date, -paused.paused_days) == original.due_date
    elif not rule.land_on_working_day:
        assert (paused.due_date - original.due_date).days == paused.paused_days


@PROFILE
@given(rules(units=(Unit.WORKING_DAYS,)), received_times(), st.integers(0, 15))
def test_a_pause_inside_the_counting_period_adds_exactly_its_working_days(rule, moment, length):
    original = compute(rule, moment)
    first = original.start + timedelta(days=1) if rule.direction is Direction.AFTER else original.due_date
    pause = Pause(first, first + timedelta(days=length), "x")
    stopped = sum(1 for i in range(length) if CAL.is_working_day(first + timedelta(days=i)))
    if rule.direction is Direction.AFTER and first > original.due_date:
        stopped = 0  # "same working day": nothing runs after day 0
    paused = compute(rule, moment, pauses=[pause])
    assert paused.paused_days == stopped
    assert paused.due_date == CAL.add_working_days(original.due_date, stopped)


# (3) Later starts never give earlier deadlines ---------------------------------------------------


@PROFILE
@given(st.data(), rules(), received_times(), received_times())
def test_deadlines_follow_the_order_of_their_starts(data, rule, first, second):
    early, late = sorted((first, second))
    stops = data.draw(st.lists(pauses(early.date()).filter(lambda p: not p.is_open), max_size=2))
    a = compute(rule, early, pauses=stops)
    b = compute(rule, late, pauses=stops)
    assert a.due_date <= b.due_date
    if rule.unit is Unit.HOURS:
        assert a.due_at <= b.due_at


# (4) Working-day arithmetic -----------------------------------------------------------------------


@PROFILE
@given(days, st.integers(1, 60))
def test_forward_then_back_returns_the_working_day_on_or_before(day, n):
    there_and_back = CAL.add_working_days(CAL.add_working_days(day, n), -n)
    assert there_and_back == CAL.working_day_on_or_before(day)


@PROFILE
@given(days, st.integers(1, 60))
def test_back_then_forward_returns_the_working_day_on_or_after(day, n):
    assert CAL.add_working_days(CAL.add_working_days(day, -n), n) == CAL.working_day_on_or_after(day)


@PROFILE
@given(days, st.integers(-60, 60))
def test_working_days_between_counts_what_add_working_days_added(day, n):
    assert CAL.working_days_between(day, CAL.add_working_days(day, n)) == n


@PROFILE
@given(days, days)
def test_working_days_left_is_antisymmetric_between_working_days(a, b):
    a, b = CAL.working_day_on_or_after(a), CAL.working_day_on_or_after(b)
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@PROFILE
@given(days, st.integers(-60, 60))
def test_months_clamp_to_the_last_day_of_the_month(day, n):
    moved = add_months(day, n)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == n
    next_month = add_months(moved.replace(day=1), 1)
    assert moved.day == min(day.day, (next_month - timedelta(days=1)).day)


@PROFILE
@given(rules())
def test_rules_round_trip_through_dicts(rule):
    assert DeadlineRule.from_dict(rule.to_dict()) == rule
