"""Attacks on the special categories of data and on the audit trail's honesty.

Counselling notes never leave their author (security-reference #7); a person's words quoted from
a transcript are encrypted and go with the transcript (#25, #40); each access is recorded once,
by the gate (#11)."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import page_text
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Category, Outcome
from reconnect.accounts import actions as people
from reconnect.consent.actions import sign_consent
from reconnect.consent.categories import describe
from reconnect.consent.models import ConsentGrant
from reconnect.core.input import InvalidInput
from reconnect.people.models import hash_token
from reconnect.radar.actions import record_session
from reconnect.records.models import ExportLink
from reconnect.relational import actions as relational
from reconnect.relational import runner
from reconnect.relational.models import Analysis

pytestmark = pytest.mark.django_db
COUNSELLING = "Canary-Counselling-Note-9d1e"
SHARED = "Canary-Shared-Note-9d1e"
QUOTED = "Quoted-Canary-1a2b"
SPOKEN = "Transcript-Canary-3c4d"
SESSION = f"""T: How have things been since we last met?
C: Pretty rough, {QUOTED}. I have been drinking more than I wanted to and I want to stop for \
my kids.
T: What would help most this week?
C: Maybe calling my sister more often, {SPOKEN}.
T: You want her support again.
"""


def _attack(name: str, attempts: int, successes: int) -> None:
    record_figure("8_attack_suite", cases=attempts, successes=successes, **{name: attempts})


@pytest.fixture
def notes(casey, robin):
    for text, kind in ((COUNSELLING, "counselling"), (SHARED, "shared")):
        record_session(
            client=casey.client,
            clinician=robin,
            planned_at=timezone.now() - dt.timedelta(hours=1),
            status="attended",
            note=text,
            note_kind=kind,
        )


def _consent_form(prefix: str, casey) -> dict:
    ends = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    return {
        f"{prefix}-categories": ["counselling_notes"],
        f"{prefix}-purpose": "So they can help with my care",
        f"{prefix}-expires_on": ends,
        f"{prefix}-signature": casey.display_name,
        f"{prefix}-understood_revocation": "on",
    }


def test_no_consent_a_client_signs_can_cover_counselling_notes(
    casey, sam, jo, jo_supports_casey, signed_in
):
    http = signed_in(casey)
    posts = [
        (
            reverse("consent:external_consent"),
            {**_consent_form("external", casey), "external-recipient_name": "Dr Lee, Riverside"},
        ),
        (reverse("consent:person_consent", args=[jo.pk]), _consent_form(f"p{jo.pk}", casey)),
        (
            reverse("consent:clinician_consent"),
            {**_consent_form("clinician", casey), "clinician-clinician": str(sam.pk)},
        ),
    ]
    answers = [http.post(url, body) for url, body in posts]
    refused_directly = 0
    for categories in (["counselling_notes"], ["counselling_notes", "shared_notes"]):
        try:
            sign_consent(
                client=casey.client,
                recipient_kind="supporter",
                recipient=jo,
                categories=categories,
                purpose="To support my recovery",
                expires_on=timezone.localdate() + dt.timedelta(days=30),
                signature=casey.display_name,
                understood_revocation=True,
            )
        except InvalidInput as error:
            refused_directly += "stay with the clinician who wrote them" in error.message
    signed = sum("counselling_notes" in g.categories for g in ConsentGrant.objects.all())
    record_figure("7_counselling_notes_disclosed", consent_attempts=5, consents_signed=signed)
    _attack("counselling_notes_consent", 5, signed)
    assert signed == 0 and refused_directly == 2
    for answer in answers:
        assert answer.status_code == 400
        assert "stay with the clinician who wrote them" in page_text(answer)
    offered = page_text(http.get(reverse("consent:sharing")))
    assert "counselling_notes" not in offered and "Counselling notes" not in offered


def _old_consent(casey, recipient, kind: str, categories: list[str]) -> ConsentGrant:
    """A consent signed before counselling notes were refused, stored as it was then."""
    return ConsentGrant.objects.create(
        client=casey.client,
        patient_name=casey.display_name,
        discloser=casey.client.program.name,
        recipient_kind=kind,
        recipient=recipient,
        recipient_name=recipient.display_name if recipient else "Dr Lee, Riverside",
        categories=categories,
        amount_and_kind=describe(categories),
        purpose="To support my recovery",
        expires_at=timezone.now() + dt.timedelta(days=30),
        right_to_revoke="You can revoke this consent at any time.",
        signature=casey.display_name,
    )


def _download(http, casey, fmt: str) -> bytes:
    raw = secrets.token_urlsafe(16)
    ExportLink.objects.create(
        client=casey.client,
        format=fmt,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return http.get(reverse("records:download", args=[raw])).content


def test_an_old_consent_naming_counselling_notes_discloses_none_of_them(
    casey, robin, sam, jo, jo_supports_casey, notes, signed_in
):
    both = ["counselling_notes", "shared_notes"]
    _old_consent(casey, jo, "supporter", both)
    _old_consent(casey, sam, "clinician", ["counselling_notes"])
    outside = _old_consent(casey, None, "external", both)
    shared_url = reverse("consent:shared_record", args=[casey.client.pk])
    client_http = signed_in(casey)
    supporter_page = signed_in(jo).get(shared_url).content
    bodies = {
        "supporter page": supporter_page,
        "shared clinician view": signed_in(sam).get(shared_url).content,
        "preview": client_http.get(reverse("consent:preview", args=[jo.pk])).content,
        "recipient file": _download(client_http, casey, f"html:{outside.pk}"),
        "export html": _download(client_http, casey, "html"),
        "export fhir": _download(client_http, casey, "fhir"),
    }
    leaks = [name for name, body in bodies.items() if COUNSELLING.encode() in body]
    record_figure(
        "7_counselling_notes_disclosed", channel_attempts=len(bodies), disclosures=len(leaks)
    )
    _attack("counselling_notes_channels", len(bodies), len(leaks))
    assert leaks == []
    assert SHARED.encode() in supporter_page  # the channel itself works
    assert SHARED.encode() in bodies["recipient file"]


@pytest.fixture
def consenting_casey(casey, signed_in):
    signed_in(casey).post(reverse("relational:my_consent"), {"consent": "yes"})
    return casey


def _analyse(robin, casey, signed_in, capture, execute: bool = True) -> Analysis:
    with capture(execute=execute):
        signed_in(robin).post(
            reverse("relational:client_feedback", args=[casey.client.pk]), {"transcript": SESSION}
        )
    return Analysis.objects.get()


def _raw_row(pk: int) -> str:
    """Every column of the stored row as the database holds it (no decryption)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM relational_analysis WHERE id = %s", [pk])
        return json.dumps([str(v) for v in cursor.fetchone()])


def test_a_quote_from_a_transcript_is_never_stored_in_plain_text_and_goes_with_it(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    analysis = _analyse(robin, consenting_casey, signed_in, django_capture_on_commit_callbacks)
    page = page_text(signed_in(robin).get(reverse("relational:analysis", args=[analysis.pk])))
    assert QUOTED in page  # the clinician still sees the moment worth another look
    plain_at_rest = _raw_row(analysis.pk).count(QUOTED)
    relational.purge_transcripts(timezone.now() + dt.timedelta(days=31))
    purged = Analysis.objects.get()
    left_after_purge = _raw_row(purged.pk).count("enc1:") + json.dumps(purged.summary).count(QUOTED)
    record_figure(
        "25_canaries_after_purge",
        quotes_in_plain_text=plain_at_rest,
        rows_purged=1,
        words_left_after_purge=left_after_purge,
    )
    _attack("quote_outlives_purge", 2, int(plain_at_rest > 0) + int(left_after_purge > 0))
    assert plain_at_rest == 0 and left_after_purge == 0
    assert purged.summary["utterances"] == 5  # the numbers stay
    text = page_text(signed_in(robin).get(reverse("relational:analysis", args=[purged.pk])))
    assert QUOTED not in text and "Reflection-to-question ratio" in text


def test_withdrawing_consent_removes_every_quote(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    analysis = _analyse(robin, consenting_casey, signed_in, django_capture_on_commit_callbacks)
    signed_in(consenting_casey).post(reverse("relational:my_consent"), {"consent": "no"})
    row = Analysis.objects.get(pk=analysis.pk)
    left = _raw_row(row.pk).count("enc1:") + json.dumps(row.summary).count(QUOTED)
    _attack("quote_outlives_withdrawal", 1, int(left > 0))
    assert left == 0


def _rows(casey) -> list[tuple[str, str]]:
    return list(
        AccessEvent.objects.filter(client_id=casey.client.pk)
        .exclude(actor_id=casey.pk)
        .order_by("id")
        .values_list("category", "action")
    )


def test_an_upload_and_its_progress_polls_are_recorded_once_each(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    analysis = _analyse(
        robin, consenting_casey, signed_in, django_capture_on_commit_callbacks, execute=False
    )
    after_upload = _rows(consenting_casey)
    status_url = reverse("relational:analysis_status", args=[analysis.pk])
    polls = [http.get(status_url, HTTP_HX_REQUEST="true") for _ in range(5)]
    after_polls = _rows(consenting_casey)
    runner.run(analysis.pk)
    finished = http.get(status_url, HTTP_HX_REQUEST="true")
    result = http.get(finished["HX-Redirect"])
    after_result = _rows(consenting_casey)
    extra = (len(after_upload) - 1) + (len(after_polls) - len(after_upload))
    extra += len(after_result) - len(after_polls) - 1
    record_figure("11_one_audit_row_per_view", requests=8, rows=len(after_result), extra_rows=extra)
    _attack("duplicate_audit_rows", 3, int(extra != 0))
    assert after_upload == [(Category.ANALYSIS, "create")]
    assert after_polls == after_upload
    assert all(
        p.status_code == 200 and consenting_casey.display_name.encode() not in p.content
        for p in polls
    )
    assert result.status_code == 200 and after_result[-1] == (Category.ANALYSIS, "view")
    assert len(after_result) == 2


def test_sharing_an_analysis_goes_through_the_gate(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    analysis = _analyse(robin, consenting_casey, signed_in, django_capture_on_commit_callbacks)
    people.remove_clinician(client=consenting_casey.client, clinician=robin, removed_by=robin)
    answer = signed_in(robin).post(
        reverse("relational:analysis_share", args=[analysis.pk]), {"shared": "1"}
    )
    shared = Analysis.objects.get(pk=analysis.pk).shared_with_supervisor
    refused = AccessEvent.objects.filter(
        client_id=consenting_casey.client.pk, actor_id=robin.pk, outcome=Outcome.DENIED
    ).count()
    record_figure("11_one_audit_row_per_view", share_attempts=1, shared_out_of_reach=int(shared))
    _attack("analysis_share_outside_the_gate", 1, int(shared))
    assert answer.status_code == 404 and not shared and refused == 1
