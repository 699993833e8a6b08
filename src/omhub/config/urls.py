from django.urls import include, path

from omhub.api.router import api
from omhub.core import views as core_views
from omhub.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("accounts/", include("omhub.accounts.urls")),
    path("people/", include("omhub.people.urls")),
    path("audit/", include("omhub.audit.urls")),
    path("job-evaluation/", include("omhub.jobeval.urls")),
    path("casework/", include("omhub.casework.urls")),
    path("calculations/", include("omhub.calculations.urls")),
    path("notifications/", include("omhub.notifications.urls")),
    path("api/v1/", api.urls),
]

handler400 = "omhub.core.views.bad_request"
handler403 = "omhub.core.views.permission_denied"
handler404 = "omhub.core.views.page_not_found"
handler500 = "omhub.core.views.server_error"
