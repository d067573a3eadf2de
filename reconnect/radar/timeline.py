"""Load many clients' timelines for the rules in a fixed number of queries (no N+1)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from reconnect.conversations.hours import working_hours_between
from reconnect.conversations.models import CareTeamHours, Conversation
from reconnect.journal.models import CheckIn, Contact, ReminderDelivery, Tool, ToolUse
from reconnect.measures.models import Response, SafetyFlag
from reconnect.measures.rc_config import rc_params
from reconnect.people.timezones import client_zones
from reconnect.radar import thresholds as T
from reconnect.radar.models import Session
from reconnect.radar.rules import (
    CheckInPoint,
    FlagPoint,
    ResponsePoint,
    SessionPoint,
    Timeline,
    WaitingMessage,
)
from reconnect.safety.models import SafetyPlanVersion


def _days_in(zones: dict[int, ZoneInfo]) -> Callable[[int, dt.datetime], dt.date]:
    """The calendar day of a moment in a client's own time zone."""
    utc = ZoneInfo("UTC")

    def day(client_id: int, moment: dt.datetime) -> dt.date:
        return moment.astimezone(zones.get(client_id, utc)).date()

    return day


def load_timelines(
    client_ids: Iterable[int], today: dt.date, lookback_days: int = T.LOOKBACK_DAYS
) -> dict[int, Timeline]:
    """Each client's timeline for the lookback window; twelve queries whatever the count. Days
    are the client's own (their time zone, else their program's), whoever asks."""
    ids = list(client_ids)
    day = _days_in({cid: ZoneInfo(zone) for cid, zone in client_zones(ids).items()})
    since = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=lookback_days), dt.time.min)
    )
    parts: dict[int, dict[str, Any]] = {cid: defaultdict(list) for cid in ids}

    for cid, at, state, craving, connected in CheckIn.objects.filter(
        client_id__in=ids, recorded_at__gte=since
    ).values_list("client_id", "recorded_at", "state", "craving", "connected"):
        parts[cid]["checkins"].append(CheckInPoint(day(cid, at), state, craving, connected or ""))
    for cid, at in Contact.objects.filter(client_id__in=ids, recorded_at__gte=since).values_list(
        "client_id", "recorded_at"
    ):
        parts[cid]["contacts"].append(day(cid, at))
    for cid, at, status in Session.objects.filter(
        client_id__in=ids, planned_at__gte=since
    ).values_list("client_id", "planned_at", "status"):
        parts[cid]["sessions"].append(SessionPoint(at, status))
    for cid, at, code, status, total in Response.objects.filter(
        client_id__in=ids, submitted_at__gte=since
    ).values_list("client_id", "submitted_at", "instrument", "status", "total"):
        parts[cid]["responses"].append(ResponsePoint(at, code, status, total))
    for cid, at in SafetyFlag.objects.filter(client_id__in=ids).values_list(
        "client_id", "raised_at"
    ):
        parts[cid]["safety_flags"].append(FlagPoint(day(cid, at)))
    for cid, at in ToolUse.objects.filter(
        client_id__in=ids, tool=Tool.SAFETY_PLAN, recorded_at__gte=since
    ).values_list("client_id", "recorded_at"):
        parts[cid]["plan_visits"].append(day(cid, at))
    for cid, at in SafetyPlanVersion.objects.filter(plan__client_id__in=ids).values_list(
        "plan__client_id", "created_at"
    ):
        parts[cid]["plan_changes"].append(day(cid, at))
    has_person = _plan_has_person(ids)
    for cid, for_date, outcome in ReminderDelivery.objects.filter(
        client_id__in=ids,
        for_date__gte=today - dt.timedelta(days=T.BASELINE_DAYS + lookback_days - T.LOOKBACK_DAYS),
    ).values_list("client_id", "for_date", "outcome"):
        parts[cid]["reminders"].append((for_date, outcome))

    waiting = _waiting_messages(ids, today, day)
    _, params = rc_params()
    return {
        cid: Timeline(
            checkins=tuple(p["checkins"]),
            contacts=tuple(p["contacts"]),
            sessions=tuple(p["sessions"]),
            responses=tuple(p["responses"]),
            safety_flags=tuple(p["safety_flags"]),
            plan_visits=tuple(p["plan_visits"]),
            plan_changes=tuple(p["plan_changes"]),
            plan_has_person=has_person.get(cid),
            reminders=tuple(p["reminders"]),
            message_waiting=waiting.get(cid),
            rc_params=params,
        )
        for cid, p in parts.items()
    }


def _waiting_messages(
    ids: list[int], today: dt.date, day: Callable[[int, dt.datetime], dt.date]
) -> dict[int, WaitingMessage]:
    """Each client's oldest message the care team has not answered, with its wait counted in
    the program's care-team hours up to now (or to the end of `today`, if that is earlier)."""
    rows = list(
        Conversation.objects.for_clients(ids)
        .waiting()
        .values_list(
            "client_id", "waiting_since", "client__program_id", "client__user__display_name"
        )
    )
    if not rows:
        return {}
    schedules = CareTeamHours.objects.schedules({program for _, _, program, _ in rows})
    end_of_today = timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min)
    )
    until = min(timezone.now(), end_of_today)
    found = {}
    for cid, since, program, name in rows:
        if since is not None:  # waiting() keeps only these
            found[cid] = WaitingMessage(
                day(cid, since),
                working_hours_between(schedules[program], since, until),
                (name or "the client").split(" ")[0],
            )
    return found


def _plan_has_person(ids: list[int]) -> dict[int, bool]:
    """Whether each client's current safety plan names someone to ask for help."""
    latest = SafetyPlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number")
    current = SafetyPlanVersion.objects.filter(
        plan__client_id__in=ids, pk=Subquery(latest.values("pk")[:1])
    ).values_list("plan__client_id", "content")
    return {cid: bool(json.loads(content or "{}").get("people_help")) for cid, content in current}
