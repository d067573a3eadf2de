"""My circle: supportive people, reaching-out moments, and a gentle weekly count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import page_text
from reconnect.journal.actions import add_circle_member, log_contact
from reconnect.journal.models import CircleMember, Contact

pytestmark = pytest.mark.django_db


def test_a_client_adds_a_circle_member_and_a_double_submit_adds_one(casey, signed_in):
    http = signed_in(casey)
    form = {
        "name": "Sam",
        "relationship": "sponsor",
        "how_to_reach": "555-0100",
        "client_request_id": "m1",
    }
    http.post(reverse("journal:circle_member_new"), form)
    http.post(reverse("journal:circle_member_new"), form)
    assert list(CircleMember.objects.values_list("name", flat=True)) == ["Sam"]


def test_a_circle_member_needs_a_name(casey, signed_in):
    response = signed_in(casey).post(reverse("journal:circle_member_new"), {"name": ""})
    assert response.status_code == 400
    assert "add a name or nickname" in page_text(response)
    assert not CircleMember.objects.exists()


def test_logging_contacts_and_the_weekly_count(casey, signed_in):
    sam, _ = add_circle_member(client=casey.client, name="Sam")
    jo, _ = add_circle_member(client=casey.client, name="Jo")
    add_circle_member(client=casey.client, name="Group")
    http = signed_in(casey)
    for member, key in ((sam, "a"), (sam, "b"), (jo, "c")):
        http.post(
            reverse("journal:contact_new"),
            {
                "circle_member": member.pk,
                "channel": "text",
                "felt": "better",
                "client_request_id": key,
            },
        )
    assert Contact.objects.count() == 3
    assert "You have connected with 2 people this week" in page_text(
        http.get(reverse("journal:circle"))
    )


def test_a_contact_with_someone_elses_circle_member_is_refused(casey, lee, signed_in):
    theirs, _ = add_circle_member(client=lee.client, name="Not yours")
    response = signed_in(casey).post(
        reverse("journal:contact_new"), {"circle_member": theirs.pk, "client_request_id": "z"}
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_editing_and_removing_a_member_keeps_past_contacts(casey, signed_in):
    member, _ = add_circle_member(client=casey.client, name="Sam")
    log_contact(client=casey.client, circle_member_id=member.pk, client_request_id="x")
    http = signed_in(casey)
    url = reverse("journal:circle_member_edit", args=[member.pk])
    http.post(url, {"name": "Sammy", "relationship": "friend"})
    member.refresh_from_db()
    assert member.name == "Sammy"
    http.post(url, {"remove": "1"})
    assert not CircleMember.objects.exists()
    assert Contact.objects.get().circle_member is None


def test_the_clinician_sees_the_circle_summary_without_contact_details(casey, robin, signed_in):
    add_circle_member(client=casey.client, name="Sam", how_to_reach="555-0100")
    page = page_text(signed_in(robin).get(reverse("journal:client_circle", args=[casey.client.pk])))
    assert "Sam" in page and "555-0100" not in page
