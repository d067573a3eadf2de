"""Small template helpers."""

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key] in a template: {{ labels|get_item:kind }}."""
    return mapping.get(key, key)


@register.filter
def short_day(value: Any) -> str:
    """A day as people read it, "19 Nov" ("19 Nov 2025" in another year), from a date or an
    ISO date string (a signal's evidence); anything else is shown as it is."""
    day = value
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    if not isinstance(day, dt.date):
        return str(value)
    shown = f"{day.day} {day:%b}"
    return shown if day.year == timezone.localdate().year else f"{shown} {day.year}"


@register.filter
def machine_time(value: Any) -> str:
    """The value of a `<time datetime>`: ISO 8601 to the millisecond at most (HTML allows no
    more than three digits after the seconds), in the viewer's time zone as the words beside
    it are; a date stays a date. Takes a datetime, a date or an ISO string (a page's own
    record of a time); anything else is left out rather than written invalid."""
    when = value
    if isinstance(value, str):
        try:
            when = dt.date.fromisoformat(value)
        except ValueError:
            try:
                when = dt.datetime.fromisoformat(value)
            except ValueError:
                return ""
    if isinstance(when, dt.datetime):
        if timezone.is_aware(when):
            when = timezone.localtime(when)
        return when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")
    if isinstance(when, dt.date):
        return when.isoformat()
    return ""
