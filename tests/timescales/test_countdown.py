"""Working days left and the status a case list shows."""

from __future__ import annotations

import pytest

from omhub.timescales import Status, countdown, status, working_days_left

from .support import CAL, D

DUE = D(2026, 12, 30)  # Wednesday after Christmas


@pytest.mark.parametrize(
    ("today", "left", "state", "label"),
    [
        (D(2026, 12, 14), 10, Status.ON_TIME, "10 working days left"),
        (D(2026, 12, 24), 2, Status.DUE_SOON, "2 working days left"),  # 29 and 30: Christmas is not counted
        (D(2026, 12, 25), 2, Status.DUE_SOON, "2 working days left"),
        (D(2026, 12, 29), 1, Status.DUE_SOON, "1 working day left"),
        (D(2026, 12, 30), 0, Status.DUE_TODAY, "Due today"),
        (D(2026, 12, 31), -1, Status.OVERDUE, "Overdue by 1 working day"),
        (D(2027, 1, 4), -2, Status.OVERDUE, "Overdue by 2 working days"),  # 1 January is a bank holiday
    ],
)
def test_countdown_to_a_working_day(today, left, state, label):
    assert working_days_left(DUE, today, CAL) == left
    assert status(DUE, today, CAL) is state
    result = countdown(DUE, today, CAL)
    assert (result.status, result.working_days_left, result.label) == (state, left, label)


def test_due_soon_is_a_number_of_working_days():
    assert status(DUE, D(2026, 12, 24), CAL, soon=1) is Status.ON_TIME
    assert status(DUE, D(2026, 12, 29), CAL, soon=0) is Status.ON_TIME
    with pytest.raises(ValueError, match="soon"):
        status(DUE, D(2026, 12, 29), CAL, soon=-1)


def test_a_due_date_on_a_weekend_is_overdue_the_day_after():
    saturday = D(2026, 6, 6)  # an hours rule or a limit can end on a weekend
    assert countdown(saturday, D(2026, 6, 5), CAL).label == "Due in 1 day"
    assert countdown(saturday, D(2026, 6, 6), CAL).status is Status.DUE_TODAY
    sunday = countdown(saturday, D(2026, 6, 7), CAL)
    assert (sunday.status, sunday.working_days_left, sunday.label) == (Status.OVERDUE, 0, "Overdue by 1 day")
    assert countdown(saturday, D(2026, 6, 9), CAL).label == "Overdue by 1 working day"
