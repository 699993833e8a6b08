from django.urls import path

from omhub.people import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/aliases/new/", views.add_alias, name="add-alias"),
    path("<int:person_id>/aliases/<int:alias_id>/remove/", views.remove_alias, name="remove-alias"),
]
