from django.conf import settings

from omhub.home.navigation import navigation_for


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "navigation": navigation_for(user, request.path) if user is not None else [],
        "is_development": settings.ENVIRONMENT == "development",
    }
