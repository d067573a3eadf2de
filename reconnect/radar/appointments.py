"""Planned sessions as the client sees them: where, when in their own time zone, and checks
on where a session is (a place, or a video link that must be https)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.formats import date_format

from reconnect.core.input import InvalidInput
from reconnect.radar.models import (
    PLACE_MAX_LENGTH,
    VIDEO_LINK_MAX_LENGTH,
    Modality,
    Session,
)

NEUTRAL_TITLE = "Appointment"
VIDEO_LINK_MESSAGE = (
    "Please give the whole video link, starting with https:// "
    "(for example https://meet.example.org/room-name)."
)
_https_only = URLValidator(schemes=["https"])


def clean_place(value: str) -> str:
    place = " ".join(value.split())
    if len(place) > PLACE_MAX_LENGTH:
        raise InvalidInput("place", f"Please keep the place under {PLACE_MAX_LENGTH} characters.")
    return place


def clean_video_link(value: str) -> str:
    """The link as given, if it is a whole https address ("" stays ""); else InvalidInput.

    Only https: a meeting link travels in calendars and emails, and a plain http or
    javascript: address in a client's calendar is a door for someone else."""
    link = value.strip()
    if not link:
        return ""
    if len(link) > VIDEO_LINK_MAX_LENGTH:
        raise InvalidInput("video_link", "That link is too long; please use a shorter one.")
    try:
        _https_only(link)
    except ValidationError:
        raise InvalidInput("video_link", VIDEO_LINK_MESSAGE) from None
    return link


def local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


def when_text(moment: dt.datetime, zone: str, now: dt.datetime) -> str:
    """ "Fri 4 Dec, 10:00" in the viewer's zone (with the year when it is not this year)."""
    at = local(moment, zone)
    fmt = "D j M, H:i" if at.year == local(now, zone).year else "D j M Y, H:i"
    return date_format(at, fmt)


def relative_when(moment: dt.datetime, zone: str, now: dt.datetime) -> str:
    """ "today at 10:00", "tomorrow at 10:00" or "Fri 4 Dec at 10:00", for a reminder."""
    at, today = local(moment, zone), local(now, zone).date()
    clock = date_format(at, "H:i")
    if at.date() == today:
        return f"today at {clock}"
    if at.date() == today + dt.timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"{date_format(at, 'D j M')} at {clock}"


def how_text(session: Session) -> str:
    """ "in person at Room 2, 14 Harbour Street", "by video" or "by phone"."""
    if session.modality == Modality.VIDEO:
        return "by video"
    if session.modality == Modality.PHONE:
        return "by phone"
    place: str = session.place
    return f"in person at {place}" if place else "in person"


def describe(session: Session, zone: str, now: dt.datetime) -> str:
    """ "Fri 4 Dec, 10:00, with Robin Okafor, in person at …" in the client's zone."""
    parts = [when_text(session.planned_at, zone, now)]
    if session.clinician is not None:
        parts.append(f"with {session.clinician.display_name}")
    parts.append(how_text(session))
    return ", ".join(parts)
