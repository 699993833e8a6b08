"""The life of a work item: which action moves it from which status to which, who may take it, and
what it needs. Pure data and one function, so pages, API and services share one definition."""

from dataclasses import dataclass

from omhub.casework.models import Status

PREPARER = "preparer"
CHECKER = "checker"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    from_statuses: tuple[str, ...]
    to_status: str
    who: str  # PREPARER, CHECKER, or "either"
    needs_reason: bool = False
    four_eyes: bool = False  # refused to whoever prepared the item


ACTIONS = {
    action.name: action
    for action in [
        Action("start", "Start preparing", (Status.RECEIVED,), Status.IN_PREPARATION, PREPARER),
        Action("submit", "Send for check", (Status.IN_PREPARATION, Status.RETURNED), Status.READY_FOR_CHECK, PREPARER),
        Action("return", "Return to preparer", (Status.READY_FOR_CHECK,), Status.RETURNED, CHECKER,
               needs_reason=True, four_eyes=True),
        Action("approve", "Approve", (Status.READY_FOR_CHECK,), Status.APPROVED, CHECKER, four_eyes=True),
        Action("send", "Record as sent onward", (Status.APPROVED,), Status.SENT, "either"),
        Action("close", "Close", (Status.SENT,), Status.CLOSED, "either"),
        Action("withdraw", "Withdraw", (Status.RECEIVED, Status.IN_PREPARATION, Status.READY_FOR_CHECK,
                                        Status.RETURNED, Status.APPROVED), Status.WITHDRAWN, "either",
               needs_reason=True),
        Action("reopen", "Reopen", (Status.WITHDRAWN, Status.CLOSED, Status.SENT), Status.IN_PREPARATION, CHECKER,
               needs_reason=True),
    ]
}


def available_actions(status: str) -> list[Action]:
    return [action for action in ACTIONS.values() if status in action.from_statuses]
