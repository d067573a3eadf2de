"""Consents: every 42 CFR 2.31 element or nothing, immutable once signed, revocable at once, and
every view under a consent is a disclosure carrying the redisclosure notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import page_text, share, visible_text
from reconnect.access.models import AccessEvent, Category
from reconnect.consent.actions import revoke_consent
from reconnect.consent.models import ConsentGrant, Disclosure, ImmutableConsent
from reconnect.consent.notice import REDISCLOSURE_NOTICE
from reconnect.core.input import InvalidInput
from reconnect.journal.actions import record_checkin
from reconnect.safety.actions import save_safety_plan

pytestmark = pytest.mark.django_db

ELEMENTS = {
    "recipient": None,
    "categories": [],
    "purpose": "   ",
    "expires_on": None,
    "signature": "",
    "understood_revocation": False,
}


def _some_record(casey):
    record_checkin(client=casey.client, state="settled", connected="yes", client_request_id="c1")
    save_safety_plan(
        client=casey.client, sections={"reasons": ["Canary-Plan-Reason"]}, author=casey
    )


@settings(
    max_examples=len(ELEMENTS) * 2, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(element=st.sampled_from(sorted(ELEMENTS)))
def test_a_consent_missing_any_element_is_refused_and_nothing_is_stored(
    casey, jo, jo_supports_casey, element
):
    before = ConsentGrant.objects.count()
    fields = {"recipient": jo, "categories": ["checkin_summary"], element: ELEMENTS[element]}
    recipient = fields.pop("recipient")
    with pytest.raises(InvalidInput) as error:
        share(casey, recipient, **fields)
    assert error.value.message
    assert ConsentGrant.objects.count() == before


def test_a_stored_consent_renders_every_element(casey, jo, jo_supports_casey, signed_in):
    grant = share(casey, jo, ["checkin_summary", "circle"], purpose="So Jo can cheer me on")
    text = visible_text(signed_in(casey).get(reverse("consent:document", args=[grant.pk])))
    for shown in (
        "Casey Example",  # patient and signature
        "Test Program",  # who discloses
        "Jo Example",  # recipient
        "So Jo can cheer me on",
        "Check-in summary",
        "Support circle",
        grant.expires_at.strftime("%-d %b %Y"),
        "revoke this consent at any time",
    ):
        assert shown in text


def test_a_signed_consent_cannot_change(casey, jo, jo_supports_casey):
    grant = share(casey, jo, ["checkin_summary"])
    grant.purpose = "something else"
    with pytest.raises(ImmutableConsent):
        grant.save()
    with pytest.raises(ImmutableConsent):
        ConsentGrant.objects.filter(pk=grant.pk).update(purpose="x")
    assert grant.content_hash == ConsentGrant.objects.get().compute_hash()


def test_no_consent_can_include_counselling_notes(casey, jo, jo_supports_casey):
    for categories in (["counselling_notes", "checkin_summary"], ["counselling_notes"]):
        with pytest.raises(InvalidInput, match="stay with the clinician who wrote them"):
            share(casey, jo, categories)
    assert not ConsentGrant.objects.exists()


def test_the_migration_ends_old_consents_that_named_only_counselling_notes(
    casey, jo, jo_supports_casey
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "reconnect.consent.migrations.0002_end_consents_for_counselling_notes_only"
    )
    kept = share(casey, jo, ["shared_notes"])
    only = ConsentGrant.objects.create(
        **{
            f.name: getattr(kept, f.name)
            for f in ConsentGrant._meta.concrete_fields
            if f.name not in ("id", "categories", "content_hash")
        },
        categories=["counselling_notes"],
    )
    migration.end_counselling_only(apps, None)
    assert ConsentGrant.objects.get(pk=only.pk).revocation.reason.startswith("counselling notes")
    assert ConsentGrant.objects.active().get() == kept


def test_a_category_that_does_not_exist_gets_a_clear_message_and_nothing_changes(
    casey, jo, jo_supports_casey, signed_in
):
    http = signed_in(casey)
    response = http.post(
        reverse("consent:person_consent", args=[jo.pk]),
        {
            f"p{jo.pk}-categories": ["everything"],
            f"p{jo.pk}-purpose": "x",
            f"p{jo.pk}-expires_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            f"p{jo.pk}-signature": "Casey Example",
            f"p{jo.pk}-understood_revocation": "on",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response) or "listed" in page_text(response)
    assert not ConsentGrant.objects.exists()


def test_the_signature_must_be_the_clients_name(casey, jo, jo_supports_casey):
    with pytest.raises(InvalidInput, match="type your name"):
        share(casey, jo, ["checkin_summary"], signature="Someone Else")
    assert share(casey, jo, ["checkin_summary"], signature="  casey   EXAMPLE ")


def test_the_supporter_sees_only_what_is_shared_with_the_notice_and_a_ledger_row(
    casey, jo, jo_supports_casey, signed_in
):
    _some_record(casey)
    grant = share(casey, jo, ["checkin_summary"])
    response = signed_in(jo).get(reverse("consent:shared_record", args=[casey.client.pk]))
    text = visible_text(response)
    assert response.status_code == 200
    assert "checked in 1 time this week and connected with people on 1 day" in text
    assert "Canary-Plan-Reason" not in page_text(response)
    assert "Safety plan" not in text
    assert REDISCLOSURE_NOTICE in page_text(response)
    disclosure = Disclosure.objects.get()
    assert (disclosure.recipient, disclosure.consent, disclosure.purpose) == (
        jo,
        grant,
        "To support my recovery",
    )
    event = AccessEvent.objects.filter(actor_id=jo.pk, category=Category.SHARED).get()
    assert event.purpose == f"consent {grant.pk}"


def test_revocation_applies_on_the_very_next_request(casey, jo, jo_supports_casey, signed_in):
    _some_record(casey)
    grant = share(casey, jo, ["checkin_summary", "safety_plan"])
    http = signed_in(jo)
    url = reverse("consent:shared_record", args=[casey.client.pk])
    assert "Canary-Plan-Reason" in page_text(http.get(url))
    revoke_consent(grant=grant, by=casey)
    replay = http.get(url)
    assert replay.status_code == 404
    assert "Canary-Plan-Reason" not in page_text(replay)


def test_an_expired_consent_shows_nothing(casey, jo, jo_supports_casey, signed_in):
    share(casey, jo, ["checkin_summary"], expires_on=timezone.localdate() + dt.timedelta(days=2))
    url = reverse("consent:shared_record", args=[casey.client.pk])
    assert signed_in(jo).get(url).status_code == 200
    with freeze_time(timezone.now() + dt.timedelta(days=3)):
        assert signed_in(jo).get(url).status_code == 404


def test_narrowing_is_a_new_consent_and_the_old_one_ends(casey, jo, jo_supports_casey, signed_in):
    first = share(casey, jo, ["checkin_summary", "safety_plan"])
    prefix = f"p{jo.pk}"
    response = signed_in(casey).post(
        reverse("consent:person_consent", args=[jo.pk]),
        {
            f"{prefix}-categories": ["checkin_summary"],
            f"{prefix}-purpose": "To support my recovery",
            f"{prefix}-expires_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            f"{prefix}-signature": "Casey Example",
            f"{prefix}-understood_revocation": "on",
        },
    )
    assert response.status_code == 302
    active = ConsentGrant.objects.active().get()
    assert active.categories == ["checkin_summary"] and active.pk != first.pk
    assert (
        ConsentGrant.objects.get(pk=first.pk).revocation.reason
        == f"replaced by consent {active.pk}"
    )


def test_unticking_everything_stops_sharing(casey, jo, jo_supports_casey, signed_in):
    share(casey, jo, ["checkin_summary"])
    prefix = f"p{jo.pk}"
    signed_in(casey).post(
        reverse("consent:person_consent", args=[jo.pk]),
        {f"{prefix}-purpose": "x", f"{prefix}-expires_on": "2099-01-01"},
    )
    assert not ConsentGrant.objects.active().exists()


def test_the_preview_shows_the_client_exactly_what_the_person_sees_without_a_disclosure(
    casey, jo, jo_supports_casey, signed_in
):
    _some_record(casey)
    share(casey, jo, ["safety_plan"])
    preview = signed_in(casey).get(reverse("consent:preview", args=[jo.pk]))
    shown = signed_in(jo).get(reverse("consent:shared_record", args=[casey.client.pk]))
    assert "Canary-Plan-Reason" in page_text(preview) and "Canary-Plan-Reason" in page_text(shown)
    assert Disclosure.objects.count() == 1  # the supporter's view only


def test_a_clinician_outside_the_care_team_sees_only_what_is_shared(casey, sam, robin, signed_in):
    _some_record(casey)
    http = signed_in(sam)
    url = reverse("consent:shared_record", args=[casey.client.pk])
    assert http.get(url).status_code == 404
    assert http.get(reverse("home:client_detail", args=[casey.client.pk])).status_code == 404
    share(casey, sam, ["safety_plan"], purpose="Second opinion")
    response = http.get(url)
    assert "Canary-Plan-Reason" in page_text(response)
    assert http.get(reverse("home:client_detail", args=[casey.client.pk])).status_code == 404
    with pytest.raises(InvalidInput, match="already on your care team"):
        share(casey, robin, ["safety_plan"])


def test_program_admins_and_supervisors_get_nothing_through_the_shared_view(
    casey, jo, jo_supports_casey, pat, morgan, signed_in
):
    share(casey, jo, ["checkin_summary"])
    url = reverse("consent:shared_record", args=[casey.client.pk])
    for person in (pat, morgan, casey):
        assert signed_in(person).get(url).status_code == 404


def test_the_sharing_page_lists_who_sees_what(casey, jo, jo_supports_casey, signed_in):
    share(casey, jo, ["checkin_summary", "circle"])
    text = visible_text(signed_in(casey).get(reverse("consent:sharing")))
    assert "Jo Example (supporter)" in text
    assert "Sees: check-in summary, support circle" in text


def test_a_client_signs_a_consent_for_someone_outside_and_can_end_it(casey, signed_in):
    http = signed_in(casey)
    response = http.post(
        reverse("consent:external_consent"),
        {
            "external-recipient_name": "Dr Lee, Riverside Clinic",
            "external-categories": ["measures"],
            "external-purpose": "Second opinion",
            "external-expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "external-signature": "Casey Example",
            "external-understood_revocation": "on",
        },
    )
    assert response.status_code == 302
    grant = ConsentGrant.objects.active().get()
    assert (grant.recipient_kind, grant.recipient_name) == ("external", "Dr Lee, Riverside Clinic")
    assert "Dr Lee, Riverside Clinic (consent" in page_text(http.get(reverse("records:export")))
    http.post(reverse("consent:end_consent", args=[grant.pk]))
    assert not ConsentGrant.objects.active().exists()
