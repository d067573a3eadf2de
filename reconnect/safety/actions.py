"""Safety-plan use cases: save a new version (never overwrite), read the current one."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from reconnect.core.input import InvalidInput
from reconnect.people.models import Client, User
from reconnect.radar.freshness import client_changed
from reconnect.safety.models import (
    MAX_LINE_LENGTH,
    MAX_LINES,
    SECTION_KEYS,
    SafetyPlan,
    SafetyPlanVersion,
)


def clean_sections(raw: dict[str, Any]) -> dict[str, list[str]]:
    """Each section as a list of non-empty lines; text areas may be passed as one string."""
    unknown = set(raw) - set(SECTION_KEYS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "This isn't a part of the safety plan.")
    sections: dict[str, list[str]] = {}
    for key in SECTION_KEYS:
        value = raw.get(key) or []
        lines = value.splitlines() if isinstance(value, str) else list(value)
        if not all(isinstance(line, str) for line in lines):
            raise InvalidInput(key, "Each entry should be text.")
        lines = [line.strip() for line in lines if line.strip()]
        if len(lines) > MAX_LINES:
            raise InvalidInput(key, f"Please keep this to {MAX_LINES} lines.")
        if any(len(line) > MAX_LINE_LENGTH for line in lines):
            raise InvalidInput(key, f"Please keep each line under {MAX_LINE_LENGTH} characters.")
        sections[key] = lines
    return sections


@transaction.atomic
def save_safety_plan(
    *, client: Client, sections: dict[str, Any], author: User
) -> tuple[SafetyPlanVersion, bool]:
    """Save the plan as a new version; saving unchanged content keeps the current version."""
    cleaned = clean_sections(sections)
    plan, _ = SafetyPlan.objects.select_for_update().get_or_create(client=client)
    current = plan.current()
    if current is not None and current.sections == cleaned:
        return current, False
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SafetyPlanVersion.objects.create(
        plan=plan,
        number=number,
        content=json.dumps(cleaned),
        author=author,
        author_role=author.role or "",
    )
    client_changed(client.pk)
    return version, True


def current_plan(client: Client) -> SafetyPlanVersion | None:
    """The latest saved version of the client's plan, if any."""
    plan = SafetyPlan.objects.filter(client=client).first()
    return plan.current() if plan else None


def share_plan_with_peer(*, client: Client, shared: bool) -> None:
    """The client's switch: whether a peer recovery specialist on their care team may read the
    safety plan (never change it)."""
    Client.objects.filter(pk=client.pk).update(safety_plan_to_peer=shared)
    client.safety_plan_to_peer = shared
