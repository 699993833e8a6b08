"""Shared API types: error bodies, and strings that refuse characters no record should hold."""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator

MAX_ID = 2**63 - 1


def _printable(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in value):
        raise ValueError("must not contain control characters")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ValueError("must be valid text")
    return value


CleanStr = Annotated[str, AfterValidator(_printable)]


class ErrorItem(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    errors: list[ErrorItem]


class ConflictOut(ErrorOut):
    current_version: int | None = None


ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
