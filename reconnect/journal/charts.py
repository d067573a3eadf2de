"""Server-drawn SVG charts of check-ins (no script, CSP-safe), always paired with a text table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from reconnect.core.charts import Screen, for_each_screen
from reconnect.journal.progress import Day

STATE_COLOURS = {"settled": "#2f7d6d", "activated": "#c07a12", "shut_down": "#5b6f9a"}
HEIGHT = 220
LEFT, RIGHT, TOP = 34, 10, 12
CRAVE_BOTTOM = 140
BAND_Y, BAND_H = 156, 16
DOT_Y = 190


def checkin_chart(days: Sequence[Day], start: dt.date, end: dt.date, title: str) -> SafeString:
    """Craving (line), main body state per day (band) and days with connection (dots), drawn
    for a phone and for a wider screen."""
    return for_each_screen(lambda screen: _checkin_chart(days, start, end, title, screen))


def _checkin_chart(
    days: Sequence[Day], start: dt.date, end: dt.date, title: str, screen: Screen
) -> str:
    width, font = screen.width, screen.font
    span = (end - start).days + 1
    by_day = {d.day: d for d in days}
    usable = width - LEFT - RIGHT
    title_id = f"chart-title-{screen.name}"
    parts = [
        f'<svg viewBox="0 0 {width} {HEIGHT}" role="img" aria-labelledby="{title_id}" '
        f'class="chart" preserveAspectRatio="none">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    for level in (0, 5, 10):
        y = CRAVE_BOTTOM - (CRAVE_BOTTOM - TOP) * level / 10
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d8dcd6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="{font}" '
            f'fill="#4f5d66">{level}</text>'
        )
    points = []
    cell = usable / max(span, 1)
    for index in range(span):
        date = start + dt.timedelta(days=index)
        day = by_day.get(date)
        if day is None:
            continue
        x = LEFT + usable * (index + 0.5) / max(span, 1)
        if day.craving_peak is not None:
            y = CRAVE_BOTTOM - (CRAVE_BOTTOM - TOP) * day.craving_peak / 10
            points.append(f"{x:.1f},{y:.1f}")
        if day.main_state:
            parts.append(
                f'<rect x="{x - cell / 2:.1f}" y="{BAND_Y}" width="{max(cell - 0.5, 0.5):.1f}" '
                f'height="{BAND_H}" fill="{STATE_COLOURS[day.main_state]}"/>'
            )
        if day.reached_out:
            parts.append(f'<circle cx="{x:.1f}" cy="{DOT_Y}" r="3.5" fill="#1f5f5b"/>')
    if points:
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#8a1c12" '
            f'stroke-width="2" stroke-linejoin="round"/>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" font-size="{font}" fill="#4f5d66">'
        f"{start:%-d %b}</text>"
        f'<text x="{width - RIGHT}" y="{HEIGHT - 6}" font-size="{font}" fill="#4f5d66" '
        f'text-anchor="end">{end:%-d %b}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: Sequence[float | None], width: int = 90, height: int = 22) -> SafeString:
    """A tiny line of recent values (None leaves a gap), for lists and radar rows."""
    present = [v for v in values if v is not None]
    if not present:
        return mark_safe("")
    low, high = min(present), max(present)
    spread = (high - low) or 1
    step = width / max(len(values) - 1, 1)
    points = [
        f"{i * step:.1f},{height - 2 - (height - 4) * (v - low) / spread:.1f}"
        for i, v in enumerate(values)
        if v is not None
    ]
    return mark_safe(  # noqa: S308 (numbers only)
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-hidden="true">'
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f5f5b" stroke-width="1.5"/>'
        f"</svg>"
    )
