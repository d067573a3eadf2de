"""A planned session as an iCalendar (.ics) event for the client's own calendar.

A discreet event (the client said someone else may see their messages, or the session has a
discreet title) reads "Appointment" and nothing more: no names, no program, no place, no link,
so a calendar someone else can see gives nothing away. The details stay in the app.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Alarm, Calendar, Event

from reconnect.radar.appointments import NEUTRAL_TITLE, how_text
from reconnect.radar.models import Modality, Session

# Sessions record no length: an hour holds the time in the calendar.
LENGTH = dt.timedelta(hours=1)
PRODUCT = "-//Appointments//EN"  # neutral: the calendar file names no product or program
FILENAME = "appointment.ics"


def event_uid(session: Session) -> str:
    """Stable across downloads (a calendar updates the event), and says nothing itself."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"appointment/{session.pk}"))


def session_calendar(session: Session, *, discreet: bool, program: str, now: dt.datetime) -> bytes:
    """The session as a one-event calendar, times in UTC (every calendar shows them in its
    owner's zone), with a reminder an hour before."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_uid(session))
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", session.planned_at.astimezone(dt.UTC))
    event.add("dtend", (session.planned_at + LENGTH).astimezone(dt.UTC))
    event.add("status", "CONFIRMED")
    title = NEUTRAL_TITLE if discreet else _title(session)
    event.add("summary", title)
    if not discreet:
        _add_details(event, session, program)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -dt.timedelta(hours=1))
    event.add_component(alarm)
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _title(session: Session) -> str:
    if session.clinician is None:
        return "Session"
    return f"Session with {session.clinician.display_name}"


def _add_details(event: Event, session: Session, program: str) -> None:
    link: str = session.video_link
    place: str = session.place
    lines = [how_text(session).capitalize() + "."]
    if session.modality == Modality.VIDEO and link:
        event.add("url", link)
        lines.append(f"Join: {link}")
    if session.modality == Modality.IN_PERSON and place:
        event.add("location", place)
    if program:
        lines.append(program)
    lines.append('To change it, sign in and choose "I need to change this".')
    event.add("description", "\n".join(lines))
