"""A measure's history as an SVG line over its severity bands, with reliable-change markers."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString

from reconnect.core.charts import Screen, for_each_screen
from reconnect.measures.instruments import Instrument

H, LEFT, RIGHT, TOP, BOTTOM = 200, 36, 12, 10, 24
BAND_FILLS = ("#eef5f2", "#f6f3ea", "#f8eee6", "#f6e8e6", "#f3e3e6")
MARKERS = {"reliably improved": "#2f7d6d", "reliably worse": "#8a1c12"}


def history_chart(
    instrument: Instrument, points: Sequence[object], title: str, *, band_labels: bool = True
) -> SafeString:
    """Totals oldest to newest; a filled marker where the change from the previous is reliable.
    The formal band names are for the care team (clients' charts leave them out). Drawn for a
    phone and for a wider screen."""
    return for_each_screen(
        lambda screen: _history_chart(instrument, points, title, screen, band_labels=band_labels)
    )


def _history_chart(
    instrument: Instrument,
    points: Sequence[object],
    title: str,
    screen: Screen,
    *,
    band_labels: bool,
) -> str:
    W, font = screen.width, screen.font
    low, high = instrument.score_range
    span = (high - low) or 1

    def y(value: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - (value - low) / span)

    parts = [
        f'<svg viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" class="chart">',
    ]
    for index, band in enumerate(instrument.bands):
        top, bottom = y(min(band.high + 0.5, high)), y(max(band.low - 0.5, low))
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{W - LEFT - RIGHT}" height="{bottom - top:.1f}"'
            f' fill="{BAND_FILLS[index % len(BAND_FILLS)]}"/>'
        )
        if band_labels:
            parts.append(
                f'<text x="{W - RIGHT - 4}" y="{top + 12:.1f}" text-anchor="end" '
                f'font-size="{font}" fill="#4f5d66">{escape(band.label)}</text>'
            )
    for value in (low, high):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="{font}" '
            f'fill="#4f5d66">{value:g}</text>'
        )
    count = len(points)
    coords = []
    for index, point in enumerate(points):
        x = LEFT + (W - LEFT - RIGHT) * ((index + 0.5) / max(count, 1))
        total = point.response.total  # type: ignore[attr-defined]
        coords.append((x, y(total), point))
    if len(coords) > 1:
        line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _ in coords)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1d2a33" stroke-width="2"/>')
    for x, yy, point in coords:
        change = point.from_previous.change.value if point.from_previous else ""  # type: ignore[attr-defined]
        colour = MARKERS.get(change, "#ffffff")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4.5" fill="{colour}" stroke="#1d2a33" '
            f'stroke-width="1.5"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
