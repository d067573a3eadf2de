"""The `machine_time` filter: the value of every `<time datetime>` is valid HTML (ISO 8601 with
at most three digits after the seconds) and names the same moment the words beside it show."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from reconnect.core.templatetags.reconnect_tags import machine_time

ROOT = Path(__file__).resolve().parents[3]
UTC = dt.UTC
# HTML's valid global date and time string, as the Nu HTML Checker reads it.
VALID = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)?$")


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # A check-in at 06:26:07.510028 UTC is 01:26 in New York: the microseconds cut to three.
        (dt.datetime(2026, 11, 19, 6, 26, 7, 510028, tzinfo=UTC), "2026-11-19T01:26:07.510-05:00"),
        # Whole seconds carry no fraction at all.
        (dt.datetime(2026, 11, 19, 6, 26, tzinfo=UTC), "2026-11-19T01:26:00-05:00"),
        # Under a millisecond is still at most three digits.
        (dt.datetime(2026, 11, 19, 6, 26, 7, 400, tzinfo=UTC), "2026-11-19T01:26:07.000-05:00"),
        # A time another zone wrote lands in the viewer's zone.
        (
            dt.datetime(2026, 7, 1, 9, 0, 0, 123456, tzinfo=ZoneInfo("Pacific/Auckland")),
            "2026-06-30T17:00:00.123-04:00",
        ),
    ],
)
def test_a_moment_is_written_in_the_viewers_zone_to_the_millisecond_at_most(moment, shown):
    with timezone.override("America/New_York"):
        assert machine_time(moment) == shown
        assert machine_time(moment.isoformat()) == shown  # as a page's own record carries it
    assert VALID.match(shown)


def test_a_day_stays_a_day_and_a_naive_time_stays_without_a_zone():
    assert machine_time(dt.date(2026, 11, 19)) == "2026-11-19"
    assert machine_time("2026-11-19") == "2026-11-19"
    naive = dt.datetime(2026, 11, 19, 9, 5, 1, 999999)  # noqa: DTZ001 (the case under test)
    assert machine_time(naive) == "2026-11-19T09:05:01.999"


@pytest.mark.parametrize("value", [None, "", "soon", "19 Nov", 42])
def test_anything_that_is_not_a_time_is_left_out_rather_than_written_invalid(value):
    assert machine_time(value) == ""


def test_in_a_template_the_attribute_holds_the_valid_value():
    template = Template(
        '{% load reconnect_tags %}<time datetime="{{ at|machine_time }}">{{ at|date:"H:i" }}</time>'
    )
    at = dt.datetime(2026, 11, 19, 6, 26, 7, 510028, tzinfo=UTC)
    with timezone.override("Pacific/Auckland"):
        html = template.render(Context({"at": at}))
    assert html == '<time datetime="2026-11-19T19:26:07.510+13:00">19:26</time>'


def test_every_time_element_in_the_templates_goes_through_the_filter():
    """A page no browser test opens still writes a valid `datetime`."""
    unfiltered = [
        f"{path.relative_to(ROOT)}: {value}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for value in re.findall(r'<time datetime="([^"]*)"', path.read_text())
        if not re.fullmatch(r"\{\{ [\w.]+\|machine_time \}\}", value)
    ]
    assert unfiltered == []
