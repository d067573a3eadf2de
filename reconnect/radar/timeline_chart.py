"""The shared-time-axis chart: one lane per kind of event (SVG, no script)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from reconnect.radar.events import LANES, Event

W, LANE_H, LEFT, RIGHT, TOP = 680, 26, 110, 10, 6
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


def timeline_chart(events: Sequence[Event], start: dt.date, end: dt.date) -> SafeString:
    span = max((end - start).days + 1, 1)
    height = TOP * 2 + LANE_H * len(LANES) + 16

    def x(moment: dt.datetime) -> float:
        days = (timezone.localtime(moment).date() - start).days + 0.5
        return LEFT + (W - LEFT - RIGHT) * min(max(days, 0), span) / span

    parts = [
        f'<svg viewBox="0 0 {W} {height}" role="img" class="chart" aria-label="Timeline from '
        f'{start:%d %b} to {end:%d %b}; the list below gives every event">'
    ]
    for index, lane in enumerate(LANES):
        top = TOP + LANE_H * index
        parts.append(
            f'<text x="4" y="{top + 16}" font-size="11" fill="#4f5d66">{lane}</text>'
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{top + LANE_H - 1}" y2="{top + LANE_H - 1}" '
            f'stroke="#e3e6e1"/>'
        )
    for event in events:
        y = TOP + LANE_H * LANES.index(event.lane) + LANE_H / 2
        colour = TONES.get(event.tone, "#4f5d66")
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
    bottom = TOP + LANE_H * len(LANES) + 12
    parts.append(
        f'<text x="{LEFT}" y="{bottom}" font-size="11" fill="#4f5d66">{start:%d %b}</text>'
        f'<text x="{W - RIGHT}" y="{bottom}" font-size="11" fill="#4f5d66" text-anchor="end">'
        f"{end:%d %b}</text></svg>"
    )
    return mark_safe("".join(parts))  # noqa: S308 (numbers, and escaped text only)
