"""The program admin's outbox: every text to the program's clients, numbers masked, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import visible_text
from reconnect.access.models import AccessEvent, Category
from reconnect.accounts import actions as accounts
from reconnect.notifications.models import OutboundText
from reconnect.people.models import Program, Role

pytestmark = pytest.mark.django_db
URL = "/program/outbox/"


def _text(client, *, to="+12025550142", status="delivered", body="A gentle reminder for today."):
    return OutboundText.objects.create(
        client=client, to=to, body=body, purpose="reminder", status=status, provider_sid=""
    )


def test_the_route_is_the_outbox():
    assert reverse("notifications:outbox") == URL


def test_the_admin_reads_each_text_with_its_status_and_only_four_digits_of_the_number(
    casey, morgan, signed_in
):
    _text(casey.client)
    _text(casey.client, status="failed", body="Test Program: a gentle reminder.").error_code = ""
    OutboundText.objects.filter(status="failed").update(error_code="30003")

    page = visible_text(signed_in(morgan).get(URL))

    assert "Casey Example (•••• 0142)" in page
    assert "+12025550142" not in page
    assert "Delivered" in page and "Failed (error 30003)" in page
    assert "Texts are kept here and not sent" in page  # the embedded outbox backend


def test_each_client_named_in_the_outbox_gets_a_contact_details_access_row(
    casey, lee, morgan, signed_in
):
    _text(casey.client)
    _text(lee.client, to="+12025550143")
    _text(casey.client)

    signed_in(morgan).get(URL)

    rows = AccessEvent.objects.filter(actor_id=morgan.pk, category=Category.CONTACT)
    assert sorted(rows.values_list("client_id", flat=True)) == sorted(
        [casey.client.pk, lee.client.pk]
    )
    assert {r.detail for r in rows} == {"the program's text outbox"}


def test_texts_of_another_program_are_not_shown(casey, morgan, signed_in):
    other = Program.objects.create(name="Another Program")
    stranger = accounts.add_person(
        program=other,
        email="stranger@example.org",
        display_name="Canary Stranger-7f3a",
        role=Role.CLIENT,
        password="another-long-passphrase",
    )
    _text(stranger.client, to="+12025550177")
    assert "Canary Stranger-7f3a" not in visible_text(signed_in(morgan).get(URL))


@pytest.mark.parametrize("persona", ["casey", "robin", "sam", "pat", "jo"])
def test_nobody_but_the_program_admin_opens_the_outbox(everyone, signed_in, persona):
    assert signed_in(everyone[persona]).get(URL).status_code == 404


def test_the_outbox_costs_the_same_queries_for_five_texts_or_fifty(
    casey, lee, morgan, signed_in, django_assert_max_num_queries
):
    http = signed_in(morgan)
    for _ in range(5):
        _text(casey.client)
    with django_assert_max_num_queries(30) as few:
        http.get(URL)
    for _ in range(45):
        _text(lee.client, to="+12025550143")
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(URL)
