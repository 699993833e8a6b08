"""Errors the services raise that pages and the API turn into messages a user can act on."""


class ConflictError(Exception):
    """Someone else changed the record since this user loaded it; nothing was saved."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.message = message
        self.current_version = current_version
