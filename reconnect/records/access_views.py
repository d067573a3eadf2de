"""The client's accounting of their record: every access by someone else, every disclosure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import HttpResponse
from django.shortcuts import render

from reconnect.access import gate, wording
from reconnect.access.models import AccessEvent, AccessEventQuerySet, Category, EmergencyAccess
from reconnect.consent.models import Disclosure
from reconnect.core import csvsafe
from reconnect.core.dbfunctions import LocalDate
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role

SEEN_IN_LISTS_SHOWN = 60


@dataclass(frozen=True)
class AccessLine:
    """One access to the record, as the client reads it."""

    at: datetime
    actor_name: str
    actor_role: str
    sentence: str


def _my_events(
    request: AuthenticatedHttpRequest, client: Client
) -> tuple[AccessEventQuerySet, str]:
    events = AccessEvent.objects.about(client.pk).exclude(actor_id=request.user.pk)
    category = request.GET.get("category", "")
    if category in Category.values:
        events = events.filter(category=category)
    return events.order_by("-at", "-id"), category


def _seen_in_lists(client: Client) -> list[dict[str, Any]]:
    """Caseload-summary views, one line per person, list and day (a caseload page is the
    clinician's home, so one row per page load would bury every other entry)."""
    return list(
        AccessEvent.objects.about(client.pk)
        .filter(category=Category.CASELOAD_SUMMARY)
        .exclude(actor_id=client.user_id)
        .annotate(day=LocalDate("at"))
        .values("day", "actor_id", "actor_name", "actor_role", "detail", "purpose")
        .annotate(times=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-last")[:SEEN_IN_LISTS_SHOWN]
    )


@role_required(Role.CLIENT)
def my_record_access(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every access to my record by someone else, and every disclosure, newest first."""
    client = gate.own_record(request.user)
    events, category = _my_events(request, client)
    if category != Category.CASELOAD_SUMMARY:
        events = events.exclude(category=Category.CASELOAD_SUMMARY)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    names = wording.clinician_names(shown)
    lines = [
        AccessLine(e.at, e.actor_name, e.actor_role, wording.sentence(e, names)) for e in shown
    ]
    seen_in_lists = _seen_in_lists(client) if category not in Category.values else []
    for seen in seen_in_lists:
        seen["sentence"] = wording.seen_in_list(seen)
    return render(
        request,
        "access/my_record_access.html",
        {
            "page": page,
            "lines": lines,
            "category": category,
            "categories": wording.filter_choices(),
            "disclosures": Disclosure.objects.filter(client=client).select_related("consent")[:200],
            "emergencies": EmergencyAccess.objects.filter(client=client)[:20],
            "seen_in_lists": seen_in_lists,
            "summary": Category.CASELOAD_SUMMARY,
        },
    )


@role_required(Role.CLIENT)
def my_record_access_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same accounting as a CSV file: every access and every disclosure."""
    client = gate.own_record(request.user)
    events, _ = _my_events(request, client)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-saw-my-record.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(["kind", "when_utc", "who", "role", "what", "action", "outcome", "purpose"])
    for e in events.iterator():
        writer.writerow(
            [
                "access",
                e.at.isoformat(),
                e.actor_name,
                e.actor_role,
                wording.what(e),
                e.get_action_display(),
                e.get_outcome_display(),
                wording.purpose(e.purpose),
            ]
        )
    for d in Disclosure.objects.filter(client=client).iterator():
        writer.writerow(
            [
                "disclosure",
                d.at.isoformat(),
                d.recipient_name,
                "",
                d.description,
                d.get_channel_display(),
                "",
                f"{d.purpose} (consent {d.consent_id})" if d.consent_id else d.purpose,
            ]
        )
    return response
