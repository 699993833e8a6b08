from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Django's password check, refusing locked accounts, and demo accounts away from development."""

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        if user.is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
            return False
        return not user.is_locked()
