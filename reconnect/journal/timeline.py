"""Reads of a client's journal shaped for pages: daily series, circle activity, privacy lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from reconnect.journal.models import CheckIn, CircleMember, Contact
from reconnect.journal.progress import Day, Entry, daily
from reconnect.people.models import Client, Role

RANGES = {"2w": ("Last 2 weeks", 14), "3m": ("Last 3 months", 91), "all": ("Everything", None)}


def local_today() -> dt.date:
    return timezone.localdate()


def days_for(client: Client, since: dt.date | None = None) -> list[Day]:
    """The client's check-ins and contacts folded into days (oldest first)."""
    checkins = CheckIn.objects.for_client(client)
    contacts = Contact.objects.for_client(client)
    if since is not None:
        # The viewer's midnight: days are counted in their time zone, like the entries below.
        start = dt.datetime.combine(since, dt.time.min, tzinfo=timezone.get_current_timezone())
        checkins, contacts = checkins.since(start), contacts.since(start)
    entries = [
        Entry(timezone.localdate(at), state, craving, connected)
        for at, state, craving, connected in checkins.values_list(
            "recorded_at", "state", "craving", "connected"
        )
    ]
    contact_days = [timezone.localdate(at) for at in contacts.values_list("recorded_at", flat=True)]
    return daily(entries, contact_days)


def range_bounds(key: str, days: list[Day]) -> tuple[str, dt.date, dt.date]:
    label, length = RANGES.get(key, RANGES["2w"])
    end = local_today()
    if length is None:
        start = days[0].day if days else end - dt.timedelta(days=13)
    else:
        start = end - dt.timedelta(days=length - 1)
    return label, start, end


@dataclass(frozen=True)
class CircleActivity:
    member: CircleMember
    last_contact: dt.datetime | None
    contacts_30d: int


def circle_activity(client: Client) -> tuple[list[CircleActivity], int]:
    """Each circle member with their last contact, and how many people were reached this week."""
    now = timezone.now()
    week_ago = now - dt.timedelta(days=7)
    members = list(CircleMember.objects.for_client(client))
    contacts = list(
        Contact.objects.for_client(client)
        .filter(recorded_at__gte=now - dt.timedelta(days=30))
        .values_list("circle_member_id", "recorded_at")
    )
    via_checkins = (
        CheckIn.objects.for_client(client)
        .filter(recorded_at__gte=week_ago)
        .values_list("circle_members", flat=True)
    )
    reached = {mid for mid, at in contacts if mid and at >= week_ago} | {
        mid for mid in via_checkins if mid
    }
    rows = []
    for member in members:
        times = [at for mid, at in contacts if mid == member.pk]
        rows.append(CircleActivity(member, max(times) if times else None, len(times)))
    return rows, len(reached)


def care_team_names(client: Client, *, peers: bool = False) -> list[str]:
    """The names of the clinicians on the client's care team, for "Who can see this"; with
    `peers`, the peer recovery specialists too (they see the conversation and counts, never
    notes, answers or the safety plan, so most pages leave them out)."""
    roles = [Role.CLINICIAN, Role.PEER] if peers else [Role.CLINICIAN]
    team = client.care_team.filter(
        clinician__memberships__program_id=client.program_id,
        clinician__memberships__role__in=roles,
    )
    return [m.clinician.display_name for m in team.select_related("clinician").order_by("id")]


def peer_names(client: Client) -> list[str]:
    """The peer recovery specialists on the client's care team."""
    team = client.care_team.filter(
        clinician__memberships__program_id=client.program_id,
        clinician__memberships__role=Role.PEER,
    )
    return [m.clinician.display_name for m in team.select_related("clinician").order_by("id")]
