from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "omhub.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and units"
