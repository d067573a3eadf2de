"""How a signed-in person is loaded on each request."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend

from reconnect.people.models import Membership, User

# The backend every session records (sign-in, welcome links, supporters joining, tests).
SIGN_IN_BACKEND = "reconnect.people.backends.MemberBackend"


class MemberBackend(ModelBackend):
    """Django's password backend, loading a session's person with their membership and program
    in one query: every page reads the role (menus, two-factor, idle limits, the gate), and a
    second query for it on every request was a tenth of a simple page's time."""

    def get_user(self, user_id: Any) -> User | None:
        membership = (
            Membership.objects.select_related("user", "program").filter(user_id=user_id).first()
        )
        if membership is None:
            user = super().get_user(user_id)
            return user if isinstance(user, User) else None
        user = membership.user
        user._membership_cache = membership
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id: Any) -> User | None:
        return await sync_to_async(self.get_user)(user_id)
