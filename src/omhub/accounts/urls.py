from django.urls import path

from omhub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("users/", views.users, name="users"),
    path("users/new/", views.create_user, name="create-user"),
    path("users/<int:user_id>/", views.edit_user, name="edit-user"),
    path("users/<int:user_id>/unlock/", views.unlock_user, name="unlock-user"),
    path("roles/", views.roles, name="roles"),
]
