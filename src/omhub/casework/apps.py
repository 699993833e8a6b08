from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "omhub.casework"
    label = "casework"
    verbose_name = "Hub casework"
