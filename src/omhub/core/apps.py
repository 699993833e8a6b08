from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "omhub.core"
    label = "core"
