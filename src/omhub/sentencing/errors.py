"""Exceptions raised by the engine."""

from __future__ import annotations


class InputError(ValueError):
    """The request is malformed. ``problems`` lists (JSON path, what was wrong) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        summary = "; ".join(f"{path}: {message}" for path, message in self.problems)
        super().__init__(f"invalid calculation input: {summary}")


class CalculationRefused(Exception):
    """The booking is well formed but cannot be calculated; ``code`` names why."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")
