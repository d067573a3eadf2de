"""The client's export holds their contact details (Patient.telecom and their choices, valid
FHIR R4); deleting the account removes them. (The demo's varied, fictional ones:
home/tests/test_demo.py.)"""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from reconnect.contact.actions import save_contact_details, stop_texts
from reconnect.contact.models import ContactDetails
from reconnect.records.deletion import delete_account
from reconnect.records.export import fhir_bundle
from reconnect.records.report import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def casey_reachable(casey):
    save_contact_details(
        client=casey.client,
        by=casey,
        phone="202-555-0142",
        email="casey.home@example.org",
        preferred_channel="text",
        ok_text=True,
        others_may_see=True,
        best_times="Evenings, Canary-c4",
    )
    stop_texts(phone="202-555-0142")
    return casey


def test_the_export_carries_the_phone_email_and_every_choice(casey_reachable, lee):
    save_contact_details(client=lee.client, by=lee, phone="202-555-0199")
    bundle = fhir_bundle(casey_reachable.client)
    Bundle.model_validate(bundle)
    resources = [entry["resource"] for entry in bundle["entry"]]
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert {"system": "sms", "value": "+12025550142", "rank": 1} in patient["telecom"]
    assert {"system": "phone", "value": "+12025550142"} in patient["telecom"]
    assert {"system": "email", "value": "casey.home@example.org"} in patient["telecom"]
    choices = next(r for r in resources if r["id"] == f"contact-{casey_reachable.client.pk}")
    values = {
        e["url"].rsplit("/", 1)[1]: next(v for k, v in e.items() if k != "url")
        for e in choices["extension"]
    }
    assert values["contact-preferred-channel"] == "text"
    assert values["contact-others-may-see"] is True
    assert values["contact-ok-voicemail"] is False
    assert values["contact-best-times"] == "Evenings, Canary-c4"
    assert "contact-texts-stopped" in values
    assert "+12025550199" not in json.dumps(bundle)  # Lee's number stays out of Casey's file


def test_the_readable_report_says_how_we_reach_them(casey_reachable):
    page = render(casey_reachable.client)
    assert "+12025550142" in page and "Texts off: replied STOP" in page
    assert "Evenings, Canary-c4" in page


def test_deleting_the_account_removes_the_contact_details(casey_reachable, robin):
    delete_account(client=casey_reachable.client, requested_by=casey_reachable, reason="asked")
    assert not ContactDetails.objects.exists()


def test_deleting_the_clinician_who_recorded_them_keeps_the_clients_details(casey, robin):
    save_contact_details(client=casey.client, by=robin, phone="202-555-0142")
    robin.delete()
    details = ContactDetails.objects.get()
    assert details.updated_by is None and details.updated_by_role == "clinician"
