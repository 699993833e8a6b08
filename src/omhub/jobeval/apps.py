from django.apps import AppConfig


class JobevalConfig(AppConfig):
    name = "omhub.jobeval"
    label = "jobeval"
    verbose_name = "Roles and job evaluation"
