"""Every page a client can open, rendered with demo-like data, speaks plainly: no internal
references (section signs, the clinical reference, "unvalidated") and no bare instrument codes
as titles. New client pages are covered without editing this file."""

from __future__ import annotations

import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import share, visible_text
from reconnect.core.routes import all_routes
from reconnect.journal.demo import seed_journal, trajectory_for
from reconnect.journal.models import CheckIn, CircleMember
from reconnect.measures.actions import assign_instrument, record_response, usable_instruments
from reconnect.measures.demo import seed_measures, seed_safety_answer
from reconnect.measures.models import Response
from reconnect.radar.actions import record_session
from reconnect.radar.demo import seed_sessions
from reconnect.radar.models import Session
from reconnect.radar.refresh import refresh_signals
from reconnect.safety.actions import save_safety_plan
from reconnect.supporters.models import Invitation

pytestmark = pytest.mark.django_db

INTERNAL = ("§", "clinical-reference", "unvalidated")
BARE_TITLE = re.compile(r"<h[1-3][^>]*>\s*(PHQ-9|GAD-7|PCL-5|UCLA 3-item[^<]*|AUDIT-C)\s*</h")
SKIPPED = {"accounts:quick_exit", "accounts:sign_out", "records:my_record_access_download"}


@pytest.fixture
def casey_in_care(casey, robin, jo_supports_casey, signed_in):
    """Casey with a demo client's months of check-ins, questionnaires, sessions and a safety
    answer; a supporter and a consent; her clinician has opened her record."""
    client = casey.client
    rng = random.Random(7)
    trajectory = trajectory_for(1)
    seed_journal(client, trajectory, rng)
    seed_measures(client, trajectory.name, robin, rng)
    seed_sessions(client, trajectory.name, robin, rng)
    seed_safety_answer(client)
    save_safety_plan(client=client, sections={"coping": ["a walk"]}, author=casey)
    assign_instrument(client=client, instrument="gad7", schedule="weekly", assigned_by=robin)
    session = record_session(
        client=client, clinician=robin, planned_at=timezone.now(), status="attended"
    )
    record_response(
        client=client,
        instrument="session_check",
        answers=[7, 8, 6],
        client_request_id="plain-words-session",
        session_id=session.pk,
    )
    share(casey, jo_supports_casey.supporter, ["checkin_summary"])
    refresh_signals([client.pk])
    signed_in(robin).get(reverse("home:client_detail", args=[client.pk]))
    return casey


def _values(casey) -> dict[str, list[object]]:
    client = casey.client
    sessions = list(Session.objects.filter(client=client).values_list("pk", flat=True))
    return {
        "checkin_id": list(CheckIn.objects.filter(client=client).values_list("pk", flat=True)[:3]),
        "member_id": list(CircleMember.objects.filter(client=client).values_list("pk", flat=True)),
        "response_id": list(Response.objects.filter(client=client).values_list("pk", flat=True)),
        "session_id": sessions[-3:],
        "number": [1],
        "code": [i.code for i in usable_instruments()],
        "tool": ["grounding", "breathing", "self_compassion"],
        "consent_id": list(client.consents.values_list("pk", flat=True)),
        "invitation_id": list(
            Invitation.objects.filter(client=client).values_list("pk", flat=True)
        ),
        "user_id": list(client.supporters.values_list("supporter_id", flat=True)),
    }


def _client_urls(casey) -> list[str]:
    values = _values(casey)
    urls = []
    for route in all_routes():
        if route.is_api or route.name in SKIPPED:
            continue
        if any(p not in values for p in route.params):
            continue  # staff routes (client_id, signal_id …) and links with secret tokens
        if len(route.params) > 1:
            continue
        if not route.params:
            urls.append(reverse(route.name))
            continue
        (param,) = route.params
        urls += [reverse(route.name, kwargs={param: value}) for value in values[param]]
    sessions = values["session_id"]
    urls += [reverse("measures:answer", args=["session_check"]) + f"?session={s}" for s in sessions]
    urls += [reverse("journal:progress") + "?range=all", reverse("records:my_record_access")]
    return urls


def test_no_client_page_shows_internal_references_or_bare_codes(casey_in_care, signed_in):
    http = signed_in(casey_in_care)
    pages = 0
    for url in _client_urls(casey_in_care):
        response = http.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        body = response.content.decode()
        text = visible_text(response)
        for word in INTERNAL:
            assert word not in body, (url, word)
        assert not BARE_TITLE.search(body), (url, BARE_TITLE.search(body))
        assert "How strong is it right now" not in text, url
    assert pages >= 30, pages


def test_the_access_log_filter_uses_plain_category_names(casey, signed_in):
    page = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "Changes to your account or care team" in page
    assert "Lists of a clinician's clients" in page
    assert "Alerts asking your care team to check in with you" in page
    for staff_words in ("program administration", "caseload list", "radar signals"):
        assert staff_words not in page
