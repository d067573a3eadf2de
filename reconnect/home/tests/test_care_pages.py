"""Home pages for clients, clinicians and supervisors; the crisis link on every client page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import page_text, visible_text
from reconnect.accounts import actions
from reconnect.people.models import Role

pytestmark = pytest.mark.django_db
CLIENT_PAGES = ["home:client_home", "records:my_record_access", "accounts:account"]


@pytest.mark.parametrize("page", CLIENT_PAGES)
def test_every_client_page_offers_crisis_support_and_a_quick_exit(casey, signed_in, page):
    text = page_text(signed_in(casey).get(reverse(page)))
    assert 'href="/crisis/"' in text
    assert "data-quick-exit" in text


def test_the_crisis_page_lists_988_741741_911_and_samhsa_as_treatment_referral(client):
    text = page_text(client.get(reverse("core:crisis")))
    for line in ("Call or text 988", "Text HOME to 741741", "Call 911", "1-800-662-4357"):
        assert line in text
    assert "not a crisis line" in text


def test_the_client_home_names_their_care_team_and_who_can_see_their_record(casey, signed_in):
    text = page_text(signed_in(casey).get(reverse("home:client_home")))
    assert "Robin Example" in text
    assert "Who can see this" in text


def test_a_clinicians_caseload_lists_only_their_clients(casey, lee, robin, signed_in):
    text = page_text(signed_in(robin).get(reverse("radar:caseload")))
    assert casey.display_name in text
    assert lee.display_name not in text


def test_the_caseload_runs_a_fixed_number_of_queries_whatever_its_size(
    program, robin, signed_in, django_assert_num_queries, monkeypatch
):
    # Every request then saves the idle clock, so session writes do not vary between calls.
    monkeypatch.setattr("reconnect.people.middleware.LAST_SEEN_PRECISION", 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = signed_in(robin)

    def add(n, start):
        for i in range(start, start + n):
            actions.add_person(
                program=program,
                email=f"x{i}@example.org",
                display_name=f"X {i}",
                role=Role.CLIENT,
                clinician=robin,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            http.get(reverse("radar:caseload"))
        return len(captured.captured_queries)

    add(2, 0)
    stale_small = queries()  # signals are computed for every new client: batched
    fresh_small = queries()
    add(20, 2)
    assert queries() == stale_small
    with django_assert_num_queries(fresh_small):
        http.get(reverse("radar:caseload"))


def test_a_supervisor_sees_each_supervised_clinician_with_their_clients(casey, pat, signed_in):
    text = page_text(signed_in(pat).get(reverse("home:team")))
    assert "Robin Example" in text and casey.display_name in text


def test_a_supervisor_opens_a_supervised_clients_page_for_supervision(casey, pat, signed_in):
    from reconnect.access.models import AccessEvent

    response = signed_in(pat).get(reverse("home:client_detail", args=[casey.client.pk]))
    assert response.status_code == 200
    assert AccessEvent.objects.get(client_id=casey.client.pk).purpose == "supervision"


def test_the_client_sees_who_looked_at_their_record_in_plain_words(casey, robin, sam, signed_in):
    signed_in(robin).get(reverse("home:client_detail", args=[casey.client.pk]))
    signed_in(sam).get(reverse("home:client_detail", args=[casey.client.pk]))
    text = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "Robin Example (clinician) viewed your profile and care team, for treatment" in text
    assert (
        "Sam Example (clinician) tried to open your profile and care team and was refused" in text
    )


def test_a_client_with_no_visits_is_told_so(casey, signed_in):
    text = page_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "Nobody other than you has opened your record yet" in text
