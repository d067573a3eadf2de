"""The client's "Who saw my record" page says what happened in plain words, the same in the CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conftest import _person, visible_text
from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.accounts import actions as people
from reconnect.consent.emergency import open_in_emergency
from reconnect.supporters import actions as supporters

pytestmark = pytest.mark.django_db
REASON = "Client called the front desk in crisis; need the safety plan now"


def _page(signed_in, casey) -> str:
    return visible_text(signed_in(casey).get(reverse("records:my_record_access")))


def test_a_supporter_accepting_reads_as_accepting_the_invitation(casey, jo, signed_in):
    _, raw = supporters.invite(client=casey.client, name="Jo")
    supporters.accept(raw=raw, supporter=jo)
    text = _page(signed_in, casey)
    assert "Jo Example (supporter) accepted your invitation to be a supporter" in text
    assert "added your sharing choices" not in text


def test_an_admin_changing_the_care_team_says_who_joined_or_left_it(
    casey, morgan, program, signed_in
):
    dana = _person(program, "Dana", "clinician")
    people.assign_clinician(client=casey.client, clinician=dana, assigned_by=morgan)
    people.remove_clinician(client=casey.client, clinician=dana, removed_by=morgan)
    text = _page(signed_in, casey)
    assert "Morgan Example (admin) added Dana Example to your care team" in text
    assert "Morgan Example (admin) removed Dana Example from your care team" in text
    assert "changed your program administration" not in text


def test_an_emergency_reads_in_plain_words_and_the_right_order(casey, sam, signed_in):
    open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    signed_in(sam).get(reverse("home:client_detail", args=[casey.client.pk]))
    text = _page(signed_in, casey)
    assert "Sam Example (clinician) opened your whole record in an emergency." in text
    assert "Sam Example (clinician) viewed your profile and care team in an emergency." in text
    assert "break-glass" not in text and "opened in an emergency your" not in text


def test_seen_in_lists_is_true_for_admins_and_emergency_lists_too(casey, morgan, signed_in):
    signed_in(morgan).get(reverse("accounts:program"))
    text = _page(signed_in, casey)
    assert "Morgan Example (admin) saw you in the program's list of people" in text
    assert "Your care team's lists" not in text
    assert "program admins" in text and "opened in an emergency" in text


def test_several_sightings_in_one_minute_read_as_times_at_that_minute(casey, robin, signed_in):
    with freeze_time("2026-12-01 09:36:10"):
        gate.record_summaries(robin, [casey.client.pk], where="their caseload")
    with freeze_time("2026-12-01 09:36:50"):
        gate.record_summaries(robin, [casey.client.pk], where="their caseload")
        text = _page(signed_in, casey)
    assert "saw you in their caseload 2 times at " in text
    assert "between" not in text


def test_the_csv_names_a_list_with_the_words_the_page_uses(casey, morgan, signed_in):
    signed_in(morgan).get(reverse("accounts:program"))
    http = signed_in(casey)
    assert "saw you in the program's list of people" in visible_text(
        http.get(reverse("records:my_record_access"))
    )
    response = http.get(reverse("records:my_record_access_download"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    listed = [r for r in rows if r["who"] == "Morgan Example" and r["what"] != "whole record"]
    assert [r["what"] for r in listed] == ["the program's list of people"]
    assert Category.CASELOAD_SUMMARY.label not in response.content.decode()
