"""The id of the request being served, so that audit events and log lines can name it without
every service taking a request argument."""

import contextvars
import logging
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("omhub_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdLogFilter(logging.Filter):
    """Adds the request id to every log line, so a log and an audit event can be matched."""

    def filter(self, record):
        record.request_id = current_request_id() or "-"
        return True
