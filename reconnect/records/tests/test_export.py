"""Export (164.524): re-authenticated, single-use and expiring, the whole record as FHIR R4 and as a
readable report, every model linked to a client exported or excluded with a reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from freezegun import freeze_time

from conftest import PASSWORD, page_text, share
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Action
from reconnect.consent.actions import revoke_consent
from reconnect.consent.models import Channel, Disclosure
from reconnect.consent.notice import REDISCLOSURE_NOTICE
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.measures.actions import record_response
from reconnect.people.models import Client, User
from reconnect.radar.actions import log_outreach, record_session
from reconnect.records.export import EXCLUDED, EXPORTED, fhir_bundle
from reconnect.records.models import ExportLink
from reconnect.safety.actions import save_safety_plan
from reconnect.supporters.actions import send_encouragement

pytestmark = pytest.mark.django_db


def _fill(user, clinician, tag: str) -> None:
    client = user.client
    member, _ = add_circle_member(client=client, name=f"Friend-{tag}", how_to_reach="555-0100")
    record_checkin(
        client=client, state="activated", craving=4, note=f"Note-{tag}", client_request_id=tag
    )
    save_safety_plan(client=client, sections={"reasons": [f"Reason-{tag}"]}, author=user)
    record_response(client=client, instrument="phq9", answers=[1] * 9, client_request_id=tag)
    record_session(
        client=client,
        clinician=clinician,
        planned_at=timezone.now(),
        status="attended",
        note=f"Shared-{tag}",
    )
    record_session(
        client=client,
        clinician=clinician,
        planned_at=timezone.now(),
        status="attended",
        note=f"Counsel-{tag}",
        note_kind="counselling",
    )
    log_outreach(client=client, clinician=clinician, action="called", outcome=f"Outreach-{tag}")


def _linked_to_client(model) -> bool:
    if model in (Client, User):
        return True
    for field in model._meta.get_fields():
        if field.is_relation and field.concrete and field.related_model in (Client, User):
            return True
        if field.is_relation and field.concrete and field.related_model is not None:
            related = field.related_model
            if any(
                f.is_relation and f.concrete and f.related_model is Client
                for f in related._meta.get_fields()
            ):
                return True
    return model._meta.label_lower == "access.accessevent"


def test_every_model_linked_to_a_client_is_exported_or_excluded_with_a_reason():
    linked = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label
        in {
            "people",
            "access",
            "journal",
            "safety",
            "measures",
            "radar",
            "relational",
            "contact",
            "conversations",
            "groups",
            "consent",
            "supporters",
            "records",
        }
        and _linked_to_client(m)
    }
    missing = linked - set(EXPORTED) - set(EXCLUDED)
    record_figure(
        "16_export_and_deletion",
        linked_models=len(linked),
        covered=len(linked - missing),
        exported=len(linked & set(EXPORTED)),
    )
    assert not missing, f"say how these are exported, or why not: {missing}"
    assert all(EXCLUDED.values())


def test_the_bundle_is_valid_fhir_r4_and_holds_the_whole_record_of_this_client_only(
    casey, lee, robin, sam, jo, jo_supports_casey
):
    _fill(casey, robin, "casey")
    _fill(lee, sam, "lee")
    share(casey, jo, ["checkin_summary"])
    send_encouragement(link=jo_supports_casey, message="Go Casey", client_request_id="m1")
    bundle = fhir_bundle(casey.client)
    Bundle.model_validate(bundle)
    text = json.dumps(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {
        "Patient",
        "Observation",
        "QuestionnaireResponse",
        "Consent",
        "RelatedPerson",
        "CarePlan",
        "Encounter",
        "DocumentReference",
        "Communication",
        "CareTeam",
    } <= kinds
    for mine in ("Friend-casey", "Note-casey", "Reason-casey", "Go Casey", "Outreach-casey"):
        assert mine in text
    assert "Counsel-casey" not in text  # counselling notes stay with their author
    for theirs in ("Friend-lee", "Note-lee", "Reason-lee", "Outreach-lee", "Lee Example"):
        assert theirs not in text


def _reauth(http, **extra):
    return http.post(reverse("records:export"), {"password": PASSWORD, "format": "fhir", **extra})


def test_export_asks_for_the_password_and_the_link_works_once(casey, robin, signed_in):
    _fill(casey, robin, "casey")
    http = signed_in(casey)
    wrong = http.post(reverse("records:export"), {"password": "nope", "format": "fhir"})
    assert wrong.status_code == 400 and "didn't match" in page_text(wrong)
    page = _reauth(http)
    link = page.context["link"]
    download = http.get(reverse("records:download", args=[link]))
    assert download["Content-Type"] == "application/fhir+json"
    Bundle.model_validate(json.loads(download.content))
    assert AccessEvent.objects.filter(action=Action.EXPORT, actor_id=casey.pk).count() == 1
    assert http.get(reverse("records:download", args=[link])).status_code == 410


def test_an_export_link_expires_after_24_hours(casey, signed_in):
    http = signed_in(casey)
    link = _reauth(http).context["link"]
    with freeze_time(timezone.now() + dt.timedelta(hours=25)):
        http = signed_in(casey)
        assert http.get(reverse("records:download", args=[link])).status_code == 410


def test_the_readable_report_shows_the_record(casey, robin, signed_in):
    _fill(casey, robin, "casey")
    http = signed_in(casey)
    link = _reauth(http, format="html").context["link"]
    body = page_text(http.get(reverse("records:download", args=[link])))
    for mine in ("Friend-casey", "Note-casey", "Reason-casey", "Shared-casey"):
        assert mine in body
    assert "Counsel-casey" not in body


def test_a_file_for_someone_outside_carries_the_notice_and_is_a_disclosure(casey, robin, signed_in):
    _fill(casey, robin, "casey")
    grant = share(
        casey, None, ["safety_plan"], recipient_kind="external", recipient_name="Dr Lane, Clinic"
    )
    http = signed_in(casey)
    link = _reauth(http, for_consent=grant.pk).context["link"]
    body = page_text(http.get(reverse("records:download", args=[link])))
    assert REDISCLOSURE_NOTICE in body and "Reason-casey" in body and "Note-casey" not in body
    ledger = Disclosure.objects.get()
    assert (ledger.channel, ledger.consent, ledger.recipient_name) == (
        Channel.EXPORT,
        grant,
        "Dr Lane, Clinic",
    )
    assert ledger.description == "A file with safety plan"  # in words, as the client reads it


def test_a_file_for_a_consent_revoked_since_the_link_is_refused_and_the_link_stays_unspent(
    casey, signed_in
):
    grant = share(
        casey, None, ["safety_plan"], recipient_kind="external", recipient_name="Dr Lane, Clinic"
    )
    http = signed_in(casey)
    link = _reauth(http, for_consent=grant.pk).context["link"]
    revoke_consent(grant=grant, by=casey)
    assert http.get(reverse("records:download", args=[link])).status_code == 404
    assert not Disclosure.objects.exists()
    assert ExportLink.objects.get().used_at is None


def test_the_readable_report_names_the_demographics_in_the_words_they_were_chosen_by(
    casey, signed_in
):
    Client.objects.filter(pk=casey.client.pk).update(age_band="18-24", gender="prefer not to say")
    http = signed_in(casey)
    link = _reauth(http, format="html").context["link"]
    body = page_text(http.get(reverse("records:download", args=[link])))
    assert "Age band you gave: 18 to 24." in body
    assert "Gender you gave: Prefer not to say." in body
    assert "18-24" not in body and "prefer not to say" not in body
