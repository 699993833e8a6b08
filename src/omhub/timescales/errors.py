"""The errors of the timescales engine: all are ``ValueError`` subclasses with a plain message."""

from __future__ import annotations


class TimescaleError(ValueError):
    """Bad input to the timescales engine."""


class CalendarDataError(TimescaleError):
    """A bank-holiday file that cannot be read (the message names the bad part)."""


class RuleError(TimescaleError):
    """A deadline rule that is not valid: ``key`` names the field, the message says what was expected."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.problem = message


class MissingAnchorError(TimescaleError):
    """The rule counts from a received time or key date that was not given."""

    def __init__(self, anchor: str, message: str) -> None:
        super().__init__(message)
        self.anchor = anchor
