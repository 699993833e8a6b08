from django.apps import AppConfig


class CalculationsConfig(AppConfig):
    name = "omhub.calculations"
    label = "calculations"
    verbose_name = "Sentence calculations"

    def ready(self):
        from omhub.calculations import checking

        checking.register()  # a sentence calculation's own rules for "send for check" and "approve"
