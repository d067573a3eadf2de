"""Accounts: signing in and out, two-factor, joining, tokens, lockout and program administration."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reconnect.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from reconnect.accounts import receivers  # noqa: F401 (connects the signal receivers)
