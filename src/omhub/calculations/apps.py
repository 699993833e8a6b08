from django.apps import AppConfig


class CalculationsConfig(AppConfig):
    name = "omhub.calculations"
    label = "calculations"
    verbose_name = "Sentence calculations"

    def ready(self):
        from omhub.calculations import adjudications, checking

        checking.register()  # a sentence calculation's own rules for "send for check" and "approve"
        adjudications.register()  # ADAs awarded in an adjudication work item join the person's adjustments
