"""Journal use cases: record a check-in, keep the circle, log contacts and tool use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from reconnect.accounts.preferences import set_time_zone
from reconnect.core.idempotency import clean_request_id, create_once
from reconnect.core.input import InvalidInput
from reconnect.journal.models import (
    NOTE_MAX_LENGTH,
    BodyState,
    CheckIn,
    CircleMember,
    Connected,
    Contact,
    ContactChannel,
    Felt,
    ReminderChannel,
    ReminderPreference,
    Tool,
    ToolUse,
)
from reconnect.notifications.reach import details_for, why_no_texts
from reconnect.people import timezones
from reconnect.people.models import Client
from reconnect.radar.freshness import client_changed

M = TypeVar("M", bound=models.Model)


def _scale(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InvalidInput(field, "Please choose a number from 0 to 10, or skip it.")
    return value


def _choice(field: str, value: str | None, choices: type[models.TextChoices]) -> str:
    if value in (None, ""):
        return ""
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise InvalidInput(field, f"Please choose one of: {allowed}.")
    return str(value)


def _own_members(client: Client, ids: Iterable[int]) -> list[CircleMember]:
    wanted = set(ids)
    if not wanted:
        return []
    members = list(CircleMember.objects.for_client(client).filter(pk__in=wanted))
    if len(members) != len(wanted):
        raise InvalidInput("circle_member_ids", "One of the people chosen isn't in your circle.")
    return members


# A check-in kept on the phone while offline is sent later with the time it was made (the
# service worker adds `made_at`). That time is believed only if it is in the past and no older
# than this; otherwise (a wrong phone clock, a doctored form) the check-in counts from when it
# arrives, as every other one does.
MADE_OFFLINE_WITHIN = dt.timedelta(hours=48)


def when_made(made_at: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """The moment an offline check-in was made, from its ISO 8601 `made_at` with a time zone
    ("2026-12-01T09:30:00.000Z"), when it is believable; None means "now"."""
    now = now or timezone.now()
    try:
        made = parse_datetime(made_at.strip()) if made_at else None
    except ValueError:
        return None
    if made is None or made.tzinfo is None:
        return None
    return made if now - MADE_OFFLINE_WITHIN <= made <= now else None


def record_checkin(
    *,
    client: Client,
    state: str,
    client_request_id: str,
    craving: int | None = None,
    connected: str | None = None,
    circle_member_ids: Iterable[int] = (),
    note: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Store a check-in once per request id. Returns (check-in, created)."""
    if state not in BodyState.values:
        raise InvalidInput("state", "Please choose settled, activated or shut down.")
    craving = _scale("craving", craving)
    connected = _choice("connected", connected, Connected)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput("note", f"Notes can be up to {NOTE_MAX_LENGTH} characters.")
    request_id = clean_request_id(client_request_id)
    members = _own_members(client, circle_member_ids)

    def same(existing: CheckIn) -> bool:
        return (existing.state, existing.craving, existing.connected, existing.note) == (
            state,
            craving,
            connected,
            note,
        ) and {m.pk for m in existing.circle_members.all()} == {m.pk for m in members}

    def create() -> CheckIn:
        checkin = CheckIn.objects.create(
            client=client,
            state=state,
            craving=craving,
            connected=connected,
            note=note,
            client_request_id=request_id,
            recorded_at=recorded_at or timezone.now(),
        )
        _link_members(checkin, members)
        client_changed(client.pk)
        return checkin

    return create_once(
        create=create,
        existing=lambda: CheckIn.objects.filter(client=client, client_request_id=request_id),
        same=same,
    )


def _changed(client: Client, row: M) -> M:
    """Tell the radar that this client has new data, then hand the row back."""
    client_changed(client.pk)
    return row


def _link_members(checkin: CheckIn, members: list[CircleMember]) -> None:
    """Link the members chosen and prefetch them, so the caller reads them without a query.

    `add` on a new check-in is one insert (no look-up of earlier links, unlike `set`), and the
    prefetch one select, none at all when no one was chosen.
    """
    if members:
        checkin.circle_members.add(*members)
    chosen = CircleMember.objects.filter(pk__in=[m.pk for m in members])
    prefetch_related_objects([checkin], Prefetch("circle_members", queryset=chosen))


CIRCLE_FIELDS = {
    "name": 80,
    "relationship": 80,
    "how_they_help": 300,
    "how_to_reach": 200,
    "best_times": 120,
}


def _circle_values(values: dict[str, Any]) -> dict[str, str]:
    cleaned = {}
    for field, limit in CIRCLE_FIELDS.items():
        text = str(values.get(field) or "").strip()
        if len(text) > limit:
            raise InvalidInput(field, f"Please keep this to {limit} characters.")
        cleaned[field] = text
    if not cleaned["name"]:
        raise InvalidInput("name", "Please add a name or nickname.")
    return cleaned


def add_circle_member(
    *, client: Client, client_request_id: str = "", **values: Any
) -> tuple[CircleMember, bool]:
    """Add a supportive person or place to the client's circle."""
    cleaned = _circle_values(values)
    if not client_request_id:
        return CircleMember.objects.create(client=client, **cleaned), True
    request_id = clean_request_id(client_request_id)
    return create_once(
        create=lambda: CircleMember.objects.create(
            client=client, client_request_id=request_id, **cleaned
        ),
        existing=lambda: CircleMember.objects.filter(client=client, client_request_id=request_id),
        same=lambda earlier: all(getattr(earlier, k) == v for k, v in cleaned.items()),
    )


@transaction.atomic
def update_circle_member(*, member: CircleMember, **values: Any) -> CircleMember:
    cleaned = _circle_values(values)
    for field, value in cleaned.items():
        setattr(member, field, value)
    member.save(update_fields=list(cleaned))
    return member


@transaction.atomic
def remove_circle_member(*, member: CircleMember) -> None:
    """Remove someone from the circle; past contacts stay, without the name."""
    member.delete()


def log_contact(
    *,
    client: Client,
    client_request_id: str,
    circle_member_id: int | None = None,
    channel: str | None = None,
    felt: str | None = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[Contact, bool]:
    """Log a reaching-out moment once per request id."""
    member = _own_members(client, [circle_member_id])[0] if circle_member_id else None
    channel = _choice("channel", channel, ContactChannel)
    felt = _choice("felt", felt, Felt)
    request_id = clean_request_id(client_request_id)
    return create_once(
        create=lambda: _changed(
            client,
            Contact.objects.create(
                client=client,
                circle_member=member,
                channel=channel,
                felt=felt,
                client_request_id=request_id,
                recorded_at=recorded_at or timezone.now(),
            ),
        ),
        existing=lambda: Contact.objects.filter(client=client, client_request_id=request_id),
        same=lambda c: (
            (c.circle_member_id, c.channel, c.felt)
            == (member.pk if member else None, channel, felt)
        ),
    )


def record_tool_use(
    *,
    client: Client,
    tool: str,
    client_request_id: str,
    strength_before: int | None = None,
    strength_after: int | None = None,
    checkin_id: int | None = None,
) -> tuple[ToolUse, bool]:
    """Record that a tool was used, with the optional before/after strength (0–10)."""
    if tool not in Tool.values:
        raise InvalidInput("tool", "That tool isn't one we offer.")
    before = _scale("strength_before", strength_before)
    after = _scale("strength_after", strength_after)
    checkin = (
        CheckIn.objects.for_client(client).filter(pk=checkin_id).first() if checkin_id else None
    )
    request_id = clean_request_id(client_request_id)
    return create_once(
        create=lambda: _changed(
            client,
            ToolUse.objects.create(
                client=client,
                tool=tool,
                strength_before=before,
                strength_after=after,
                checkin=checkin,
                client_request_id=request_id,
            ),
        ),
        existing=lambda: ToolUse.objects.filter(client=client, client_request_id=request_id),
        same=lambda u: (u.tool, u.strength_before, u.strength_after) == (tool, before, after),
    )


@transaction.atomic
def share_note(*, checkin: CheckIn, shared: bool) -> None:
    """Let the care team read this check-in's note, or make it private again."""
    checkin.note_shared = shared
    checkin.save(update_fields=["note_shared"])


def tool_effects(client: Client) -> list[dict[str, Any]]:
    """For each tool this person used: how often, and the average change in strength (0–10)."""
    rows: dict[str, dict[str, Any]] = {}
    uses = ToolUse.objects.for_client(client).values_list(
        "tool", "strength_before", "strength_after"
    )
    for tool, before, after in uses:
        row = rows.setdefault(tool, {"tool": Tool(tool), "uses": 0, "changes": []})
        row["uses"] += 1
        if before is not None and after is not None:
            row["changes"].append(after - before)
    for row in rows.values():
        changes = row.pop("changes")
        row["rated"] = len(changes)
        row["average_change"] = round(sum(changes) / len(changes), 1) if changes else None
    return sorted(rows.values(), key=lambda r: (r["average_change"] or 0, -r["uses"]))


@transaction.atomic
def set_reminders(
    *,
    preference: ReminderPreference,
    enabled: bool,
    time_of_day: dt.time,
    timezone_name: str,
    paused_until: dt.date | None,
    channel: str = ReminderChannel.EMAIL,
) -> ReminderPreference:
    """Save the client's reminder choices (by text only to a number they said we may text).

    The time zone is the person's own, the one every page shows them ("" = the program's)."""
    if timezone_name and not timezones.is_known(timezone_name):
        raise InvalidInput("timezone_name", timezones.UNKNOWN_ZONE.format(name=timezone_name[:64]))
    if channel not in ReminderChannel.values:
        raise InvalidInput("channel", "Please choose email or a text message.")
    if channel == ReminderChannel.TEXT and why_no_texts(details_for(preference.client)):
        raise InvalidInput(
            "channel",
            "To get reminders by text, first add a number we can text in your contact "
            "details and say texts are OK.",
        )
    preference.enabled = enabled
    preference.channel = channel
    preference.time_of_day = time_of_day
    preference.paused_until = paused_until
    user = preference.client.user
    set_time_zone(user=user, time_zone=timezone_name)
    # Kept in step with the person's own setting, which is what reminders are sent by.
    preference.timezone_name = timezones.zone_name_for(user)
    preference.save()
    return preference
