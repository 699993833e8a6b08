from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "omhub.people"
    label = "people"
    verbose_name = "Nominal records"
