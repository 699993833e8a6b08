from django.urls import path

from omhub.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("verify/", views.verify, name="verify"),
    path("<int:sequence>/", views.detail, name="detail"),
]
