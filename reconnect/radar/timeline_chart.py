"""The shared-time-axis chart: one lane per kind of event (SVG, no script)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from reconnect.core.charts import PHONE, Screen, for_each_screen
from reconnect.radar.events import LANES, Event

RIGHT, TOP = 10, 6
TONES = {
    "settled": "#2f7d6d",
    "activated": "#c07a12",
    "shut_down": "#5b6f9a",
    "contact": "#1f5f5b",
    "attended": "#2f7d6d",
    "missed": "#8a1c12",
    "planned": "#9aa5ad",
    "cancelled_by_client": "#c07a12",
    "cancelled_by_program": "#9aa5ad",
    "declined": "#9aa5ad",
    "plan": "#1d2a33",
    "urgent": "#8a1c12",
    "attention": "#c07a12",
    "good_news": "#2f7d6d",
}
UNTONED = "#4f5d66"
# What each colour means, lane by lane ("" is an event without a colour of its own).
KEY = (
    ("Check-ins", (("settled", "settled"), ("activated", "activated"), ("shut_down", "shut down"))),
    ("Contacts", (("contact", "reached out"),)),
    (
        "Sessions",
        (
            ("attended", "attended"),
            ("missed", "missed"),
            ("planned", "planned"),
            ("cancelled_by_client", "cancelled by the client"),
            ("cancelled_by_program", "cancelled by the program"),
        ),
    ),
    ("Questionnaires", (("", "answered"), ("declined", "declined"))),
    ("Safety plan", (("plan", "a new version"),)),
    (
        "Signals",
        (("urgent", "urgent"), ("attention", "needs attention"), ("good_news", "good news")),
    ),
)


@dataclass(frozen=True)
class Lanes:
    """Where the lanes go: on a phone each lane's name sits above its row of dots, on a wider
    screen in a column at the left."""

    height: int
    left: int
    label_dy: int
    dot_dy: int


PHONE_LANES = Lanes(height=36, left=6, label_dy=13, dot_dy=26)
WIDE_LANES = Lanes(height=26, left=110, label_dy=16, dot_dy=13)


def timeline_chart(events: Sequence[Event], start: dt.date, end: dt.date) -> SafeString:
    """The chart (for a phone and for a wider screen) and the key to its colours, for a
    <figure>."""
    drawn = for_each_screen(lambda screen: _timeline_chart(events, start, end, screen))
    return mark_safe(drawn + _key())  # noqa: S308 (numbers, and escaped text only)


def _key() -> str:
    groups = []
    for lane, tones in KEY:
        swatches = ", ".join(
            f'<span class="tone"><svg width="12" height="12" viewBox="0 0 12 12" '
            f'aria-hidden="true"><circle cx="6" cy="6" r="5" fill="{TONES.get(tone, UNTONED)}"/>'
            f"</svg> {escape(words)}</span>"
            for tone, words in tones
        )
        groups.append(f'<span class="key-group"><strong>{lane}:</strong> {swatches}</span>')
    return f'<figcaption class="timeline-key">{"".join(groups)}</figcaption>'


def _timeline_chart(events: Sequence[Event], start: dt.date, end: dt.date, screen: Screen) -> str:
    lanes = PHONE_LANES if screen is PHONE else WIDE_LANES
    W, font = screen.width, screen.font
    span = max((end - start).days + 1, 1)
    height = TOP * 2 + lanes.height * len(LANES) + font + 6

    def x(moment: dt.datetime) -> float:
        days = (timezone.localtime(moment).date() - start).days + 0.5
        return lanes.left + (W - lanes.left - RIGHT) * min(max(days, 0), span) / span

    parts = [
        f'<svg viewBox="0 0 {W} {height}" role="img" class="chart" aria-label="Timeline from '
        f'{start:%d %b} to {end:%d %b}; the list below gives every event">'
    ]
    for index, lane in enumerate(LANES):
        top = TOP + lanes.height * index
        parts.append(
            f'<text x="4" y="{top + lanes.label_dy}" font-size="{font}" fill="#4f5d66">'
            f"{lane}</text>"
            f'<line x1="{lanes.left}" x2="{W - RIGHT}" y1="{top + lanes.height - 1}" '
            f'y2="{top + lanes.height - 1}" stroke="#e3e6e1"/>'
        )
    for event in events:
        y = TOP + lanes.height * LANES.index(event.lane) + lanes.dot_dy
        colour = TONES.get(event.tone, UNTONED)
        title = f"<title>{escape(event.label)}</title>"
        if event.end is not None:
            x1, x2 = x(event.at), x(event.end)
            parts.append(
                f'<rect x="{x1:.1f}" y="{y - 5:.1f}" width="{max(x2 - x1, 3):.1f}" height="10" '
                f'rx="3" fill="{colour}" opacity="0.8">{title}</rect>'
            )
        else:
            parts.append(
                f'<circle cx="{x(event.at):.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"{title}</circle>"
            )
    bottom = TOP + lanes.height * len(LANES) + font + 2
    parts.append(
        f'<text x="{lanes.left}" y="{bottom}" font-size="{font}" fill="#4f5d66">{start:%d %b}'
        f'</text><text x="{W - RIGHT}" y="{bottom}" font-size="{font}" fill="#4f5d66" '
        f'text-anchor="end">{end:%d %b}</text></svg>'
    )
    return "".join(parts)
