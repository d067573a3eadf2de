"""Account consequences of changes made lower down (connected in AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from reconnect.accounts.actions import revoke_all_api_tokens
from reconnect.people.models import RevokedReason, User
from reconnect.people.signals import password_changed


@receiver(password_changed)
def end_tokens_after_password_change(sender: type[User], user: User, **kwargs: Any) -> None:
    revoke_all_api_tokens(user=user, reason=RevokedReason.PASSWORD_CHANGED)
