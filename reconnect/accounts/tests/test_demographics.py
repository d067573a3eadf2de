"""A client's optional demographics: asked with the reason, theirs to see and change, "prefer not
to say" always fine, nothing stored from outside the list, and in their own export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import visible_text
from reconnect.access.models import AccessEvent
from reconnect.people.models import Client
from reconnect.radar.fairness import fairness_report
from reconnect.radar.models import Signal
from reconnect.records import report
from reconnect.records.export import fhir_bundle

pytestmark = pytest.mark.django_db


def about(http):
    return visible_text(http.get(reverse("accounts:account")))


def test_the_client_is_asked_with_the_reason_and_sees_what_she_gave(casey, signed_in):
    page = about(signed_in(casey))
    assert "About you (optional)" in page
    assert "so the program can check its alerts treat everyone fairly" in page
    assert "Prefer not to say" in page
    assert "Age: Not given · Gender: Not given" in page


def test_she_chooses_changes_and_removes_her_answers(casey, signed_in):
    http = signed_in(casey)
    response = http.post(reverse("accounts:about_you"), {"age_band": "25-34", "gender": "woman"})
    assert response.status_code == 302
    assert "Age: 25 to 34 · Gender: Woman" in about(http)
    http.post(reverse("accounts:about_you"), {"age_band": "prefer not to say", "gender": ""})
    client = Client.objects.get(pk=casey.client.pk)
    assert (client.age_band, client.gender) == ("prefer not to say", "")
    assert "Age: Prefer not to say · Gender: Not given" in about(http)


def test_her_own_answers_leave_no_audit_row_about_someone_else_reading(casey, signed_in):
    before = AccessEvent.objects.count()
    signed_in(casey).post(reverse("accounts:about_you"), {"age_band": "65+", "gender": "man"})
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"age_band": "17", "gender": ""}, "Please choose your age from the list"),
        (
            {"age_band": "", "gender": "attack helicopter"},
            "Please choose your gender from the list",
        ),
        ({"age_band": "25-34", "gender": "<script>"}, "Please choose your gender from the list"),
    ],
)
def test_a_value_outside_the_list_gets_a_clear_message_and_nothing_is_stored(
    casey, signed_in, posted, message
):
    response = signed_in(casey).post(reverse("accounts:about_you"), posted)
    assert response.status_code == 400
    assert message in visible_text(response)
    client = Client.objects.get(pk=casey.client.pk)
    assert (client.age_band, client.gender) == ("", "")


def test_only_clients_have_an_about_you_section(robin, signed_in):
    http = signed_in(robin)
    assert "About you" not in about(http)
    response = http.post(reverse("accounts:about_you"), {"age_band": "25-34", "gender": ""})
    assert response.status_code in (403, 404)


def test_the_fairness_report_counts_prefer_not_to_say_apart_from_not_recorded(
    casey, lee, signed_in
):
    signed_in(casey).post(
        reverse("accounts:about_you"), {"age_band": "prefer not to say", "gender": ""}
    )
    for person in (casey, lee):
        Signal.objects.create(
            client=person.client,
            kind="drifting",
            severity="watch",
            start="2026-11-01",
            end="2026-11-02",
            explanation="x",
        )
    groups = {
        cell.group for cell in fairness_report(casey.client.program_id)["age_band"]["drifting"]
    }
    assert groups == {"prefer not to say", "not recorded"}


def test_her_answers_and_time_zone_are_in_her_export(casey, signed_in):
    http = signed_in(casey)
    http.post(reverse("accounts:about_you"), {"age_band": "35-44", "gender": "non-binary"})
    http.post(reverse("accounts:time_zone"), {"time_zone": "America/New_York"})
    client = Client.objects.select_related("user", "program").get(pk=casey.client.pk)
    bundle = fhir_bundle(client)
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    told = {x["url"].rsplit("/", 1)[1]: x["valueString"] for x in patient["extension"]}
    assert told == {"age-band": "35-44", "gender": "non-binary", "time-zone": "America/New_York"}
    readable = report.render(client)
    assert "Age band you gave: 35 to 44. Gender you gave: Non-binary." in readable
