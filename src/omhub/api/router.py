"""The JSON API at /api/v1/: bearer-token authentication, the same services and scoping as the
pages, and errors as structured JSON (never a bare 500 for bad input)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from omhub.accounts.permissions import Capability, has
from omhub.accounts.services import user_for_token
from omhub.core.errors import ConflictError


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        if not has(user, Capability.USE_API):
            raise PermissionDenied("Your roles do not allow you to use the API.")
        request.user = user
        return user


api = NinjaAPI(
    title="omhub API",
    version="1",
    description=(
        "The Offender Management Hub's JSON API. Authenticate with `Authorization: Bearer TOKEN` "
        "(`omhub token create USERNAME` issues one). Every call applies the same roles and unit scoping as "
        "the pages. Errors are JSON: `{\"errors\": [{\"field\": ..., \"message\": ...}]}`."
    ),
    auth=BearerToken(),
    docs_url=None,
    urls_namespace="api",
)


def _errors(request, status: int, items: list[dict]):
    return api.create_response(request, {"errors": items}, status=status)


@api.exception_handler(NinjaValidationError)
def on_request_invalid(request, exc):
    items = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        items.append({"field": ".".join(location) or None, "message": error.get("msg", "Invalid value")})
    return _errors(request, 422, items)


@api.exception_handler(ValidationError)
def on_service_invalid(request, exc):
    if hasattr(exc, "error_dict"):
        items = [{"field": None if field == "__all__" else field, "message": message}
                 for field, messages in exc.message_dict.items() for message in messages]
    else:
        items = [{"field": None, "message": message} for message in exc.messages]
    return _errors(request, 422, items)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _errors(request, 403, [{"field": None, "message": str(exc) or "You may not do this."}])


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = _errors(request, 401, [{"field": None, "message": "Send a valid, unexpired API token: "
                                                                  "Authorization: Bearer TOKEN"}])
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _errors(request, 404, [{"field": None, "message": str(exc) or "Not found"}])


@api.exception_handler(ConflictError)
def on_conflict(request, exc):
    return api.create_response(request, {"errors": [{"field": "version", "message": exc.message}],
                                         "current_version": exc.current_version}, status=409)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _errors(request, exc.status_code, [{"field": None, "message": str(exc)}])


from omhub.accounts.api import router as accounts_router  # noqa: E402
from omhub.calculations.api import router as calculations_router  # noqa: E402
from omhub.casework.api import router as casework_router  # noqa: E402
from omhub.jobeval.api import router as jobeval_router  # noqa: E402
from omhub.notifications.api import router as notifications_router  # noqa: E402
from omhub.people.api import router as people_router  # noqa: E402

api.add_router("/people", people_router)
api.add_router("/job-evaluation", jobeval_router)
api.add_router("", accounts_router)
api.add_router("", casework_router)
api.add_router("", notifications_router)
api.add_router("", calculations_router)
