"""The safety plan: the client's own words, every save a version, a clinician edits only with the
client present, crisis lines always listed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from conftest import page_text
from reconnect.access.models import AccessEvent, Action, Category
from reconnect.core.input import InvalidInput
from reconnect.safety.actions import current_plan, save_safety_plan
from reconnect.safety.models import SafetyPlanVersion

pytestmark = pytest.mark.django_db


def test_every_save_keeps_a_version_and_unchanged_content_does_not(casey):
    save_safety_plan(client=casey.client, sections={"coping": ["walk"]}, author=casey)
    _, created = save_safety_plan(client=casey.client, sections={"coping": ["walk"]}, author=casey)
    assert not created
    save_safety_plan(client=casey.client, sections={"coping": ["walk", "music"]}, author=casey)
    assert list(SafetyPlanVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert current_plan(casey.client).sections["coping"] == ["walk", "music"]


def test_the_plan_is_encrypted_at_rest(casey):
    save_safety_plan(client=casey.client, sections={"reasons": ["Canary-Reason-77"]}, author=casey)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM safety_safetyplanversion")
        assert "Canary-Reason-77" not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("sections", "field"),
    [
        ({"unknown_step": ["x"]}, "unknown_step"),
        ({"coping": ["x" * 301]}, "coping"),
        ({"coping": [str(n) for n in range(21)]}, "coping"),
    ],
)
def test_bad_plans_are_refused_with_the_step_named(casey, sections, field):
    with pytest.raises(InvalidInput) as error:
        save_safety_plan(client=casey.client, sections=sections, author=casey)
    assert error.value.field == field
    assert not SafetyPlanVersion.objects.exists()


def test_the_client_writes_the_plan_and_sees_crisis_lines_in_it(casey, signed_in):
    http = signed_in(casey)
    http.post(
        reverse("safety:my_plan_edit"),
        {"warning_signs": "Not sleeping\nSkipping meals", "people_help": "My sister Ana"},
    )
    page = page_text(http.get(reverse("safety:my_plan")))
    assert "Not sleeping" in page and "My sister Ana" in page
    assert (
        "988 Suicide &amp; Crisis Lifeline: Call or text 988" in page or "Call or text 988" in page
    )
    assert "Print" in page


def test_earlier_versions_stay_readable(casey, signed_in):
    save_safety_plan(client=casey.client, sections={"coping": ["first"]}, author=casey)
    save_safety_plan(client=casey.client, sections={"coping": ["second"]}, author=casey)
    http = signed_in(casey)
    old = page_text(http.get(reverse("safety:my_plan_version", args=[1])))
    assert "first" in old and "earlier version" in old


def test_a_clinician_edits_only_with_the_client_present_and_it_is_recorded(casey, robin, signed_in):
    http = signed_in(robin)
    url = reverse("safety:client_plan_edit", args=[casey.client.pk])
    refused = http.post(url, {"coping": "Call Ana"})
    assert refused.status_code == 400
    assert "together with the client" in page_text(refused)
    assert not SafetyPlanVersion.objects.exists()
    http.post(url, {"coping": "Call Ana", "client_present": "on"})
    version = SafetyPlanVersion.objects.get()
    assert (version.author, version.author_role) == (robin, "clinician")
    assert AccessEvent.objects.filter(
        client_id=casey.client.pk, category=Category.SAFETY_PLAN, action=Action.CHANGE
    ).exists()
    page = page_text(signed_in(casey).get(reverse("safety:my_plan")))
    assert "by Robin Example" in page


def test_a_supervisor_may_read_but_not_edit(casey, pat, signed_in):
    http = signed_in(pat)
    assert http.get(reverse("safety:client_plan", args=[casey.client.pk])).status_code == 200
    assert http.get(reverse("safety:client_plan_edit", args=[casey.client.pk])).status_code == 404


def test_a_clinician_outside_the_care_team_gets_404(casey, sam, signed_in):
    assert (
        signed_in(sam).get(reverse("safety:client_plan", args=[casey.client.pk])).status_code == 404
    )
