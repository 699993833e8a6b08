from django.apps import AppConfig


class CalculationsConfig(AppConfig):
    name = "omhub.calculations"
    label = "calculations"
    verbose_name = "Sentence calculations"

    def ready(self):
        from omhub.calculations import adjudications

        adjudications.register()
