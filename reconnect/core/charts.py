"""Charts drawn twice, for a phone and for a wider screen, so their words stay readable on both.

A server-drawn SVG scales with its box: a chart laid out 640 units wide and shown 320 px wide on
a phone halves its 11-unit axis labels to about 5 px. Each chart is therefore laid out once in
a narrow frame for phones and once in a wide one; the stylesheet shows the one that fits
(`.chart-phone` below 45em, `.chart-wide` above), and the hidden one leaves the accessibility
tree with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Screen:
    """How wide a chart is laid out (SVG units), its text size in those units, and the suffix
    that keeps the ids inside each drawing unique on the page."""

    name: str
    width: int
    font: int

    def scale(self, wide_value: float, wide_width: int) -> float:
        """A horizontal length of the wide layout, in this layout's units."""
        return wide_value * self.width / wide_width


# Shown about 300-330 px wide on a 360-px phone: 13 units read as 11-12 px.
PHONE = Screen("phone", 340, 13)
WIDE = Screen("wide", 640, 11)


def for_each_screen(draw: Callable[[Screen], str]) -> SafeString:
    """The chart drawn for a phone and for a wider screen (the page shows one of them)."""
    return mark_safe(  # noqa: S308 (each drawing escapes its own text)
        f'<div class="chart-phone">{draw(PHONE)}</div><div class="chart-wide">{draw(WIDE)}</div>'
    )
