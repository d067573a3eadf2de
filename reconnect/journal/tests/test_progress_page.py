"""The progress page: a chart with a text alternative, in three ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import page_text
from reconnect.journal.actions import log_contact, record_checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(casey):
    now = timezone.now()
    for day in range(40):
        record_checkin(
            client=casey.client,
            state=["settled", "activated", "shut_down"][day % 3],
            craving=day % 10,
            connected="yes" if day % 2 else "no",
            client_request_id=f"h{day}",
            recorded_at=now - dt.timedelta(days=day),
        )
    log_contact(client=casey.client, client_request_id="contact", recorded_at=now)
    return casey


@pytest.mark.parametrize(("key", "rows"), [("2w", 14), ("3m", 40), ("all", 40)])
def test_each_range_draws_a_chart_with_a_matching_table(history, signed_in, key, rows):
    page = page_text(signed_in(history).get(reverse("journal:progress") + f"?range={key}"))
    assert "<svg viewBox" in page and 'role="img"' in page
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("<tr>") == rows


def test_the_reached_out_count_is_cumulative(history, signed_in):
    page = page_text(signed_in(history).get(reverse("journal:progress")))
    assert "Days I reached out: 21" in page


def test_an_unknown_range_falls_back_to_two_weeks(history, signed_in):
    page = page_text(signed_in(history).get(reverse("journal:progress") + "?range=decade"))
    assert 'aria-current="page">Last 2 weeks' in page


def test_the_clinician_sees_the_same_progress_through_the_gate(history, robin, signed_in):
    from reconnect.access.models import AccessEvent, Category

    page = page_text(
        signed_in(robin).get(reverse("journal:client_checkins", args=[history.client.pk]))
    )
    assert "Days they reached out: 21" in page
    assert AccessEvent.objects.filter(category=Category.CHECKINS).count() == 1
