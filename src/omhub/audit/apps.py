from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "omhub.audit"
    label = "audit"
    verbose_name = "Audit trail"
