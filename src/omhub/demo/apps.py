from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "omhub.demo"
    label = "demo"
    verbose_name = "Reference and demo data"
