"""Print API tokens for the demo program's clients and clinicians as JSON (for the harnesses)."""

from __future__ import annotations

import json
import os
from typing import TypedDict


class ClientToken(TypedDict):
    client_id: int
    token: str


class ClinicianToken(TypedDict):
    token: str
    client_ids: list[int]


class DemoTokens(TypedDict):
    """What `python -m proof.tokens` prints: a token per client and clinician, one per role."""

    clients: list[ClientToken]
    clinicians: list[ClinicianToken]
    roles: dict[str, str]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from reconnect.accounts.actions import create_api_token
    from reconnect.home.demo import DEMO_PROGRAM
    from reconnect.people.models import Client, Role, User

    people = User.objects.filter(memberships__program__name=DEMO_PROGRAM).order_by("pk")
    result: DemoTokens = {"clients": [], "clinicians": [], "roles": {}}
    for user in people:
        role = user.role
        if role is None:  # no role in the program: nothing to sign in as
            continue
        _, raw = create_api_token(user=user, name="proof")
        result["roles"].setdefault(role, raw)
        if role == Role.CLIENT:
            result["clients"].append({"client_id": user.client.pk, "token": raw})
        elif role == Role.CLINICIAN:
            ids = list(Client.objects.on_care_team_of(user).values_list("pk", flat=True))
            result["clinicians"].append({"token": raw, "client_ids": ids})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
