"""The program admin's text outbox: every text to the program's clients and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.notifications.models import OutboundText
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role

PER_PAGE = 50


@role_required(Role.ADMIN)
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Texts newest first: to whom (last four digits), why, the fixed words, and their status."""
    membership = request.user.membership
    if membership is None:  # role_required let a role through, so never here
        raise Http404("Not available to this account.")
    program = membership.program
    texts = OutboundText.objects.for_program(program).select_related("client__user")
    page = Paginator(texts, PER_PAGE).get_page(request.GET.get("page"))
    gate.record_summaries(
        request.user,
        [text.client_id for text in page if text.client_id is not None],
        category=Category.CONTACT,
        where="the program's text outbox",
    )
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "backend": settings.RECONNECT["SMS_BACKEND"]},
    )
