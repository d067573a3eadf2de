"""The measures API: instruments, FHIR Questionnaires, responses, and the FHIR Bundle export."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from reconnect.accounts.actions import create_api_token
from reconnect.measures.models import Response, SafetyFlag

pytestmark = pytest.mark.django_db
CODES = ["phq9", "gad7", "pcl5", "ucla3", "scssf", "barc10", "session_check"]


@pytest.fixture
def phone(casey):
    _, raw = create_api_token(user=casey, name="phone")
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def tablet(robin):
    _, raw = create_api_token(user=robin, name="tablet")
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


def answer(phone, body):
    return phone.post("/api/v1/me/responses", body, content_type="application/json")


def test_instruments_list_the_shipped_codes(phone):
    assert [i["code"] for i in phone.get("/api/v1/instruments").json()] == CODES


@pytest.mark.parametrize("code", CODES)
def test_every_instrument_is_a_valid_fhir_r4_questionnaire(phone, code):
    resource = phone.get(f"/api/v1/instruments/{code}/fhir").json()
    Questionnaire.model_validate(resource)
    assert resource["item"][0]["answerOption"]


def test_phq9_questionnaire_carries_loinc_codes(phone):
    resource = phone.get("/api/v1/instruments/phq9/fhir").json()
    assert resource["code"][0]["code"] == "44249-1"
    assert resource["item"][8]["code"][0]["code"] == "44260-8"
    assert resource["item"][0]["answerOption"][3]["valueCoding"]["code"] == "LA6571-9"


def test_an_unknown_or_unlicensed_instrument_is_404(phone):
    assert phone.get("/api/v1/instruments/dast10/fhir").status_code == 404
    assert phone.get("/api/v1/instruments/auditc/fhir").status_code == 404


def test_a_response_is_scored_and_a_retry_returns_the_first(phone):
    body = {"instrument": "phq9", "answers": [1, 1, 1, 1, 1, 0, 0, 0, 0], "client_request_id": "r1"}
    first = answer(phone, body)
    assert first.status_code == 201
    assert first.json()["score"] == {"total": 5, "band": "Mild", "flags": [], "note": ""}
    again = answer(phone, body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Response.objects.count() == 1


def test_a_skipped_item_is_null_and_gives_no_total_with_a_reason(phone):
    body = {"instrument": "gad7", "answers": [1, None, 1, 1, 1, 1, 1], "client_request_id": "s"}
    score = answer(phone, body).json()["score"]
    assert score["total"] is None and "item 2 skipped" in score["note"]


def test_item_9_flags_the_response_and_raises_the_urgent_item(phone):
    body = {"instrument": "phq9", "answers": [0] * 8 + [3], "client_request_id": "f"}
    assert answer(phone, body).json()["score"]["flags"] == ["safety_item_positive"]
    assert SafetyFlag.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "nope", "answers": [0]}, "instrument"),
        ({"instrument": "phq9", "answers": [0, 0, 9, 0, 0, 0, 0, 0, 0]}, "answers"),
        ({"instrument": "phq9", "answers": [0, 0]}, "answers"),
        ({"instrument": "phq9", "answers": [0] * 9, "version": "old"}, "version"),
        ({"instrument": "phq9", "answers": "zero"}, "answers"),
    ],
)
def test_bad_responses_get_422_naming_the_field_and_store_nothing(phone, body, field):
    response = answer(phone, {"client_request_id": "b", **body})
    assert response.status_code == 422
    assert field in {e["field"].split(".")[0] for e in response.json()["errors"]}
    assert not Response.objects.exists()


def test_the_fhir_export_is_a_valid_bundle_with_loinc_observations(phone, tablet, casey):
    answer(phone, {"instrument": "phq9", "answers": [1] * 9, "client_request_id": "e1"})
    answer(phone, {"instrument": "ucla3", "answers": [2, 2, 2], "client_request_id": "e2"})
    answer(
        phone, {"instrument": "gad7", "answers": [], "declined": True, "client_request_id": "e3"}
    )
    bundle = tablet.get(f"/api/v1/clients/{casey.client.pk}/responses?format=fhir").json()
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    for resource in resources:
        model = (
            QuestionnaireResponse
            if resource["resourceType"] == "QuestionnaireResponse"
            else Observation
        )
        model.model_validate(resource)
    kinds = [r["resourceType"] for r in resources]
    assert kinds.count("QuestionnaireResponse") == 3 and kinds.count("Observation") == 2
    phq_total = next(r for r in resources if r["resourceType"] == "Observation")
    assert phq_total["code"]["coding"][0]["code"] == "44261-6"
    assert phq_total["valueQuantity"]["value"] == 9
    declined = [r for r in resources if r.get("status") == "stopped"]
    assert len(declined) == 1 and "item" not in declined[0]


def test_the_export_is_audited_and_gated(tablet, casey, sam):
    from reconnect.access.models import AccessEvent, Action

    tablet.get(f"/api/v1/clients/{casey.client.pk}/responses?format=fhir")
    assert AccessEvent.objects.filter(client_id=casey.client.pk, action=Action.EXPORT).exists()
    _, raw = create_api_token(user=sam, name="other")
    other = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    assert other.get(f"/api/v1/clients/{casey.client.pk}/responses").status_code == 404
