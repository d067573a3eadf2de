"""The client's own view of who looked at their record."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reconnect.access import gate
from reconnect.access.models import AccessEvent, Outcome
from reconnect.people.decorators import role_required
from reconnect.people.models import Role


@role_required(Role.CLIENT)
def my_record_access(request: HttpRequest) -> HttpResponse:
    """Every access to my record by someone other than me, newest first, in plain words."""
    client = gate.own_record(request.user)
    events = AccessEvent.objects.about(client.pk).exclude(actor_id=request.user.pk)
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "access/my_record_access.html",
        {"page": page, "denied": Outcome.DENIED},
    )
