"""Checking in: quick, skippable, stored once however often sent; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from conftest import page_text
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.journal.models import CheckIn

pytestmark = pytest.mark.django_db


def test_one_choice_is_a_complete_check_in(casey):
    checkin, created = record_checkin(client=casey.client, state="settled", client_request_id="a")
    assert created
    assert (checkin.craving, checkin.connected, checkin.note) == (None, "", "")


def test_the_same_request_twice_stores_one_check_in(casey):
    first, _ = record_checkin(
        client=casey.client, state="activated", craving=4, client_request_id="k"
    )
    again, created = record_checkin(
        client=casey.client, state="activated", craving=4, client_request_id="k"
    )
    assert (again.pk, created) == (first.pk, False)
    assert CheckIn.objects.count() == 1


def test_the_same_request_id_with_different_content_is_refused(casey):
    record_checkin(client=casey.client, state="activated", client_request_id="k")
    with pytest.raises(IdempotencyConflict):
        record_checkin(client=casey.client, state="settled", client_request_id="k")
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"state": "settled", "craving": 11}, "craving"),
        ({"state": "settled", "craving": -1}, "craving"),
        ({"state": "floating"}, "state"),
        ({"state": "settled", "note": "x" * 5001}, "note"),
        ({"state": "settled", "connected": "maybe"}, "connected"),
        ({"state": "settled", "client_request_id": ""}, "client_request_id"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(casey, values, field):
    values = {"client_request_id": "r", **values}
    with pytest.raises(InvalidInput) as error:
        record_checkin(client=casey.client, **values)
    assert error.value.field == field
    assert CheckIn.objects.count() == 0


def test_a_circle_member_of_another_client_is_refused(casey, lee):
    theirs, _ = add_circle_member(client=lee.client, name="Lee's sister")
    with pytest.raises(InvalidInput) as error:
        record_checkin(
            client=casey.client,
            state="settled",
            circle_member_ids=[theirs.pk],
            client_request_id="x",
        )
    assert error.value.field == "circle_member_ids"
    assert CheckIn.objects.count() == 0


def test_the_private_note_is_encrypted_at_rest(casey):
    record_checkin(
        client=casey.client, state="shut_down", note="Canary-Secret-2291", client_request_id="n"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM journal_checkin")
        raw = cursor.fetchone()[0]
    assert "Canary-Secret-2291" not in raw
    assert raw.startswith("enc1:")
    assert CheckIn.objects.get().note == "Canary-Secret-2291"


def test_checking_in_from_the_home_page_form_then_being_offered_tools(casey, signed_in):
    http = signed_in(casey)
    home = http.get(reverse("home:client_home"))
    request_id = page_text(home).split('name="client_request_id" value="')[1].split('"')[0]
    response = http.post(
        reverse("journal:checkin_new"),
        {"state": "activated", "client_request_id": request_id},
    )
    checkin = CheckIn.objects.get()
    assert response["Location"] == reverse("journal:after_checkin", args=[checkin.pk])
    offered = page_text(http.get(response["Location"]))
    assert "What do I need right now?" in offered
    assert "5-4-3-2-1 grounding" in offered and "Paced breathing" in offered


def test_a_settled_low_craving_check_in_offers_no_tools_unasked(casey, signed_in):
    http = signed_in(casey)
    http.post(
        reverse("journal:checkin_new"),
        {"state": "settled", "craving": "2", "client_request_id": "s"},
    )
    page = page_text(http.get(reverse("journal:after_checkin", args=[CheckIn.objects.get().pk])))
    assert "What do I need right now?" not in page


def test_a_craving_of_seven_offers_tools_even_when_settled(casey, signed_in):
    http = signed_in(casey)
    http.post(
        reverse("journal:checkin_new"),
        {"state": "settled", "craving": "7", "client_request_id": "c"},
    )
    page = page_text(http.get(reverse("journal:after_checkin", args=[CheckIn.objects.get().pk])))
    assert "What do I need right now?" in page


def test_a_double_clicked_form_stores_one_check_in(casey, signed_in):
    http = signed_in(casey)
    form = {"state": "shut_down", "craving": "8", "client_request_id": "double"}
    first = http.post(reverse("journal:checkin_new"), form)
    second = http.post(reverse("journal:checkin_new"), form)
    assert first["Location"] == second["Location"]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"state": "settled", "craving": "11"}, "0 to 10"),
        ({"state": "unknown"}, "settled, activated or shut down"),
        ({"state": "settled", "note": "x" * 5001}, "up to 5000 characters"),
        ({}, "choose the one that fits best"),
    ],
)
def test_the_form_explains_bad_input_kindly_and_stores_nothing(casey, signed_in, form, message):
    response = signed_in(casey).post(
        reverse("journal:checkin_new"), {"client_request_id": "bad", **form}
    )
    assert response.status_code == 400
    assert message in page_text(response)
    assert CheckIn.objects.count() == 0


def test_several_check_ins_a_day_appear_in_order(casey, signed_in):
    for n, state in enumerate(["settled", "activated", "shut_down"]):
        record_checkin(client=casey.client, state=state, client_request_id=str(n))
    text = page_text(signed_in(casey).get(reverse("journal:checkin_list")))
    assert text.index("Shut down") < text.index("Activated") < text.index("Settled and connected")


def test_a_clinician_sees_check_ins_but_not_a_private_note_until_it_is_shared(
    casey, robin, signed_in
):
    checkin, _ = record_checkin(
        client=casey.client, state="activated", note="Hard day at work", client_request_id="p"
    )
    url = reverse("journal:client_checkins", args=[casey.client.pk])
    page = page_text(signed_in(robin).get(url))
    assert "Activated" in page and "Hard day at work" not in page and "(private note)" in page
    signed_in(casey).post(reverse("journal:note_share", args=[checkin.pk]), {"shared": "1"})
    assert "Hard day at work" in page_text(signed_in(robin).get(url))


def test_a_clinician_without_the_client_gets_404_for_their_check_ins(casey, sam, signed_in):
    url = reverse("journal:client_checkins", args=[casey.client.pk])
    assert signed_in(sam).get(url).status_code == 404
