"""A client's whole story as dated events, for the shared timeline (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from reconnect.journal.models import CheckIn, Contact
from reconnect.measures import instruments
from reconnect.measures.models import Response
from reconnect.people.models import Client
from reconnect.radar.models import Session, Signal
from reconnect.safety.models import SafetyPlanVersion

LANES = ("check-ins", "contacts", "sessions", "questionnaires", "safety plan", "signals")


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    lane: str
    label: str
    tone: str = ""  # a colour hint: settled, activated, shut_down, missed, urgent, ...
    end: dt.datetime | None = None


def client_events(client: Client, start: dt.date) -> list[Event]:
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    events: list[Event] = []
    for at, state, craving in CheckIn.objects.filter(
        client=client, recorded_at__gte=since
    ).values_list("recorded_at", "state", "craving"):
        text = state.replace("_", " ") + (f", craving {craving}" if craving is not None else "")
        events.append(Event(at, "check-ins", f"Checked in: {text}", state))
    for at, name in Contact.objects.filter(client=client, recorded_at__gte=since).values_list(
        "recorded_at", "circle_member__name"
    ):
        events.append(
            Event(at, "contacts", f"Reached out{f' to {name}' if name else ''}", "contact")
        )
    for at, status in Session.objects.filter(client=client, planned_at__gte=since).values_list(
        "planned_at", "status"
    ):
        events.append(Event(at, "sessions", f"Session: {status.replace('_', ' ')}", status))
    for at, code, status, total, band in Response.objects.filter(
        client=client, submitted_at__gte=since
    ).values_list("submitted_at", "instrument", "status", "total", "band"):
        title = instruments.INSTRUMENTS[code].title if code in instruments.INSTRUMENTS else code
        if status == "declined":
            label = f"{title}: declined"
        elif total is None:
            label = f"{title}: no total (items skipped)"
        else:
            label = f"{title}: {total:g}" + (f" ({band})" if band else "")
        events.append(
            Event(at, "questionnaires", label, "declined" if status == "declined" else "")
        )
    for at, number, role in SafetyPlanVersion.objects.filter(
        plan__client=client, created_at__gte=since
    ).values_list("created_at", "number", "author_role"):
        events.append(
            Event(at, "safety plan", f"Safety plan version {number} saved ({role})", "plan")
        )
    for signal in Signal.objects.filter(client=client, end__gte=start):
        begin = timezone.make_aware(dt.datetime.combine(signal.start, dt.time.min))
        finish = timezone.make_aware(dt.datetime.combine(signal.end, dt.time(23, 59)))
        events.append(
            Event(
                begin, "signals", f"{signal.explanation} [{signal.state}]", signal.severity, finish
            )
        )
    return events
