"""Chart words stay readable on a phone: each chart is also drawn narrow, for the page to show
on a small screen, with its text no smaller than body-copy footnotes (about 11 px)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from reconnect.core.charts import PHONE, WIDE
from reconnect.journal.charts import checkin_chart
from reconnect.journal.progress import Day
from reconnect.measures import instruments
from reconnect.measures.charts import history_chart
from reconnect.radar.events import Event
from reconnect.radar.timeline_chart import timeline_chart

START, END = dt.date(2026, 9, 3), dt.date(2026, 12, 1)
# A chart's box on a 360-px phone: the screen less the page's and a card's margins.
PHONE_CHART_PX = 290
# The narrowest screen that shows the wide drawing (45em), less the page's margins.
WIDE_CHART_PX = 45 * 17 - 2 * 17


def drawings(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="chart-(phone|wide)">(.*?</svg>)</div>', html, re.S))


def charts() -> dict[str, str]:
    moment = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    day = Day(dt.date(2026, 11, 20), Counter({"activated": 1}), [6], True)
    return {
        "check-ins": checkin_chart([day], dt.date(2026, 11, 17), END, "Check-ins, last 2 weeks"),
        "questionnaire": history_chart(instruments.PHQ9, [], "PHQ-9 over time"),
        "timeline": timeline_chart(
            [Event(moment, "check-ins", "Checked in", "activated")], START, END
        ),
    }


@pytest.mark.parametrize("name", ["check-ins", "questionnaire", "timeline"])
def test_every_chart_is_drawn_for_a_phone_and_for_a_wider_screen(name):
    drawn = drawings(charts()[name])
    assert set(drawn) == {"phone", "wide"}
    assert f'viewBox="0 0 {PHONE.width} ' in drawn["phone"]
    assert f'viewBox="0 0 {WIDE.width} ' in drawn["wide"]


@pytest.mark.parametrize("name", ["check-ins", "questionnaire", "timeline"])
def test_chart_words_are_at_least_11_px_where_they_are_shown(name):
    drawn = drawings(charts()[name])
    for screen, shown_px in (("phone", PHONE_CHART_PX), ("wide", WIDE_CHART_PX)):
        width = int(re.search(r'viewBox="0 0 (\d+) ', drawn[screen]).group(1))
        sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', drawn[screen])]
        assert sizes, screen
        assert min(sizes) * shown_px / width >= 10.9, (screen, min(sizes), width)


def test_ids_inside_the_two_drawings_stay_unique():
    html = charts()["check-ins"]
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 2
