"""Category scope as a state machine (security-reference #3, #7): whatever sequence of granting,
narrowing, revoking, refused attempts to share counselling notes and new records happens, a
supporter's view holds exactly the consented categories and nothing else (never a counselling
note). Steps: RECONNECT_SCOPE_EXAMPLES x 25 (10,000+ under `make proof`)."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from conftest import page_text, share
from proof.scorecard import record_figure
from reconnect.consent.actions import revoke_all_for
from reconnect.consent.categories import COUNSELLING_NOTES, KEYS
from reconnect.core.input import InvalidInput
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.measures.actions import record_response
from reconnect.radar.actions import record_session
from reconnect.safety.actions import save_safety_plan

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("RECONNECT_SCOPE_EXAMPLES", "8"))
STEPS = 25
MARK = {
    "circle": "Canary-Circle-",
    "safety_plan": "Canary-Plan-",
    "measures": "PHQ-9",
    "attendance": "Attended",
    "shared_notes": "Canary-Shared-Note-",
    "counselling_notes": "Canary-Counsel-Note-",
    "checkin_summary": "Check-ins</h2>",
}
NEVER = "Canary-Private-Checkin-Note"


def _add(category: str, casey, robin) -> None:
    client, key = casey.client, uuid.uuid4().hex
    if category == "circle":
        add_circle_member(client=client, name=f"Canary-Circle-{key[:6]}")
    elif category == "safety_plan":
        save_safety_plan(client=client, sections={"reasons": [f"Canary-Plan-{key}"]}, author=casey)
    elif category == "measures":
        record_response(
            client=client, instrument="phq9", answers=[1] * 8 + [0], client_request_id=key
        )
    elif category == "checkin_summary":
        record_checkin(client=client, state="settled", note=NEVER, client_request_id=key)
    else:
        kind = "counselling" if category == "counselling_notes" else "shared"
        note = {
            "attendance": "",
            "shared_notes": f"Canary-Shared-Note-{key}",
            "counselling_notes": f"Canary-Counsel-Note-{key}",
        }[category]
        record_session(
            client=client,
            clinician=robin,
            planned_at=timezone.now() - dt.timedelta(hours=1),
            status="attended",
            note=note,
            note_kind=kind,
        )


def test_a_supporter_sees_exactly_the_consented_categories_after_every_step(
    casey, robin, jo, jo_supports_casey
):
    counts = {"steps": 0, "violations": 0, "reads_after_revocation_served": 0}
    present: set[str] = set()  # records accumulate across examples; only consents reset

    class Scope(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            revoke_all_for(client=casey.client, recipient=jo, by=casey, reason="reset")
            self.consented: set[str] = set()
            self.http = HttpClient()
            self.http.force_login(jo, backend="reconnect.people.backends.MemberBackend")

        @rule(chosen=st.sets(st.sampled_from(KEYS), min_size=1))
        def grant(self, chosen: set[str]) -> None:
            revoke_all_for(client=casey.client, recipient=jo, by=casey, reason="replaced")
            share(casey, jo, sorted(chosen))
            self.consented = set(chosen)

        @rule(also=st.sets(st.sampled_from(KEYS)))
        def try_to_grant_counselling_notes(self, also: set[str]) -> None:
            with pytest.raises(InvalidInput):
                share(casey, jo, sorted({COUNSELLING_NOTES, *also}))

        @rule()
        def revoke(self) -> None:
            revoke_all_for(client=casey.client, recipient=jo, by=casey, reason="stop")
            self.consented = set()

        @rule(category=st.sampled_from((*KEYS, COUNSELLING_NOTES)))
        def add_record(self, category: str) -> None:
            _add(category, casey, robin)
            present.add(category)
            if category.endswith("_notes"):
                present.add("attendance")  # a note belongs to a session, which was attended

        @rule()
        def read(self) -> None:
            response = self.http.get(reverse("consent:shared_record", args=[casey.client.pk]))
            body = page_text(response)
            if not self.consented:
                if response.status_code != 404:
                    counts["reads_after_revocation_served"] += 1
                return
            visible = {c for c, mark in MARK.items() if mark in body}
            expected = {c for c in self.consented if c in present or c == "checkin_summary"}
            if visible != expected or NEVER in body:
                counts["violations"] += 1
            assert visible == expected, (visible, expected)
            assert NEVER not in body

        @invariant()
        def count(self) -> None:
            counts["steps"] += 1

    Scope.TestCase.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    Scope.TestCase().runTest()
    record_figure(
        "3_scope_state_machine",
        steps=counts["steps"],
        invariant_violations=counts["violations"],
        reads_after_revocation_served=counts["reads_after_revocation_served"],
    )
    assert counts["violations"] == 0 and counts["reads_after_revocation_served"] == 0
