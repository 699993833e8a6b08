from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: 200 when this app server can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def accessibility(request):
    return render(request, "core/accessibility.html")


def cookies(request):
    return render(request, "core/cookies.html")


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"title": "There is a problem with your request",
                                               "text": "Check what you entered and try again."}, status=400)


def permission_denied(request, exception=None):
    text = str(exception) if exception and str(exception) else "Your roles do not allow you to see this page."
    return render(request, "core/error.html", {"title": "You cannot see this page", "text": text,
                                               "hint": "If you need to, ask your hub manager or a system administrator "
                                                       "for the role."}, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {
        "title": "Page not found",
        "text": "If you typed the web address, check it is correct. The record may be in a unit you do not work in.",
    }, status=404)


def server_error(request):
    return render(request, "core/error.html", {
        "title": "Sorry, there is a problem with the service",
        "text": "Try again later. Nothing you entered was saved half-way: either all of it was saved or none of it.",
        "request_id": getattr(request, "request_id", ""),
    }, status=500)
