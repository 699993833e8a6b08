from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "omhub.notifications"
    label = "notifications"
    verbose_name = "Notifications and email"
