"""Counselling notes are a separate class: only their author reads them (security-reference #7)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import page_text, share
from reconnect.accounts import actions as people
from reconnect.radar.actions import record_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(casey, robin):
    record_session(
        client=casey.client,
        clinician=robin,
        planned_at=timezone.now(),
        status="attended",
        note="Canary-Counselling-Note-1",
        note_kind="counselling",
    )
    record_session(
        client=casey.client,
        clinician=robin,
        planned_at=timezone.now(),
        status="attended",
        note="Canary-Shared-Note-1",
    )


def test_only_the_author_reads_a_counselling_note(casey, robin, sam, pat, notes, signed_in):
    people.assign_clinician(client=casey.client, clinician=sam)
    url = reverse("radar:sessions", args=[casey.client.pk])
    author = page_text(signed_in(robin).get(url))
    assert "Canary-Counselling-Note-1" in author and "Canary-Shared-Note-1" in author
    for reader in (sam, pat):
        body = page_text(signed_in(reader).get(url))
        assert "Canary-Shared-Note-1" in body
        assert "Canary-Counselling-Note-1" not in body
        assert "Counselling note (private to its author)" in body


def test_shared_notes_consent_never_reveals_counselling_notes(
    casey, jo, jo_supports_casey, notes, signed_in
):
    url = reverse("consent:shared_record", args=[casey.client.pk])
    share(casey, jo, ["shared_notes", "attendance"])
    body = page_text(signed_in(jo).get(url))
    assert "Canary-Shared-Note-1" in body and "Canary-Counselling-Note-1" not in body


def test_a_clinician_chooses_the_kind_of_note(casey, robin, signed_in):
    signed_in(robin).post(
        reverse("radar:sessions", args=[casey.client.pk]),
        {
            "planned_at": "2026-11-20T10:00",
            "status": "attended",
            "modality": "in_person",
            "note": "Private reflection",
            "note_kind": "counselling",
        },
    )
    from reconnect.radar.models import Session

    assert Session.objects.get().note_kind == "counselling"
