from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "omhub.home"
    label = "home"
    verbose_name = "Home pages and navigation"
