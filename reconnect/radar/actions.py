"""Radar use cases: record sessions, and act on signals (refresh.py keeps them current)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reconnect.conversations.hours import clock
from reconnect.core.input import InvalidInput
from reconnect.measures.actions import acknowledge_safety_flag
from reconnect.people.models import Client, User
from reconnect.people.timezones import program_zone
from reconnect.radar import appointments
from reconnect.radar.freshness import client_changed
from reconnect.radar.models import (
    LIVE_STATES,
    AppointmentReminder,
    ClientResponse,
    Modality,
    NoteKind,
    Outreach,
    OutreachAction,
    Session,
    SessionStatus,
    Severity,
    Signal,
    SignalState,
)
from reconnect.radar.rules.common import fmt

WORRYING_WORDS = "worrying_words"


@transaction.atomic
def record_session(
    *,
    client: Client,
    clinician: User,
    planned_at: dt.datetime,
    status: str = SessionStatus.PLANNED,
    modality: str = Modality.IN_PERSON,
    note: str = "",
    note_kind: str = NoteKind.SHARED,
    place: str = "",
    video_link: str = "",
    discreet_title: bool = False,
) -> Session:
    """Record a planned or held session, with an optional shared or counselling note, and
    where the client will find it."""
    if status not in SessionStatus.values:
        raise InvalidInput("status", "Please choose one of the listed outcomes.")
    _check_modality(modality)
    if len(note) > 2000:
        raise InvalidInput("note", "Please keep the note under 2000 characters.")
    if note_kind not in NoteKind.values:
        raise InvalidInput("note_kind", "Please choose a session note or a counselling note.")
    session = Session.objects.create(
        client=client,
        clinician=clinician,
        planned_at=planned_at,
        status=status,
        modality=modality,
        note=note,
        note_kind=note_kind,
        place=appointments.clean_place(place),
        video_link=appointments.clean_video_link(video_link),
        discreet_title=discreet_title,
    )
    client_changed(client.pk)
    return session


def _check_modality(modality: str) -> None:
    if modality not in Modality.values:
        raise InvalidInput("modality", "Please choose in person, video or phone.")


@transaction.atomic
def update_session_details(
    *,
    session: Session,
    planned_at: dt.datetime,
    modality: str,
    place: str = "",
    video_link: str = "",
    discreet_title: bool = False,
) -> Session:
    """Change when and where a session is, and its title. A new time asks the client again
    and reminds them again."""
    _check_modality(modality)
    place, video_link = appointments.clean_place(place), appointments.clean_video_link(video_link)
    locked = Session.objects.select_for_update().get(pk=session.pk)
    moved = locked.planned_at != planned_at
    locked.planned_at, locked.modality, locked.discreet_title = planned_at, modality, discreet_title
    locked.place, locked.video_link = place, video_link
    fields = ["planned_at", "modality", "place", "video_link", "discreet_title"]
    if moved:
        locked.client_response, locked.responded_at = ClientResponse.NONE, None
        fields += ["client_response", "responded_at"]
        AppointmentReminder.objects.filter(session=locked).delete()
    locked.save(update_fields=fields)
    if moved:
        client_changed(locked.client_id)
    return locked


ANSWERS = (ClientResponse.CONFIRMED, ClientResponse.CHANGE_REQUESTED)


@transaction.atomic
def respond_to_session(*, session: Session, response: str, now: dt.datetime | None = None) -> bool:
    """Record the client's answer to a planned session ("I'll be there", "I need to change
    this"); the same answer again changes nothing. Returns whether it changed."""
    if response not in ANSWERS:
        raise InvalidInput("response", "Please choose one of the two answers.")
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.PLANNED:
        raise InvalidInput("response", "This session is no longer planned.")
    if locked.client_response == response:
        return False
    locked.client_response, locked.responded_at = response, now or timezone.now()
    locked.save(update_fields=["client_response", "responded_at"])
    session.client_response, session.responded_at = locked.client_response, locked.responded_at
    return True


@transaction.atomic
def set_session_status(*, session: Session, status: str) -> Session:
    if status not in SessionStatus.values:
        raise InvalidInput("status", "Please choose one of the listed outcomes.")
    session.status = status
    session.save(update_fields=["status"])
    client_changed(session.client_id)
    return session


@transaction.atomic
def acknowledge_signal(*, signal: Signal, by: User) -> None:
    """Mark a signal as seen; a safety answer's item is acknowledged with its flag."""
    if signal.safety_flag is not None:
        acknowledge_safety_flag(flag=signal.safety_flag, by=by)
        return
    Signal.objects.filter(pk=signal.pk, state=SignalState.OPEN).update(
        state=SignalState.ACKNOWLEDGED, updated_at=timezone.now()
    )


@transaction.atomic
def raise_worrying_words(
    *, client: Client, at: dt.datetime, source: str = "Message", then: str = "read it now"
) -> Signal:
    """Put the urgent item on the radar now: the client wrote words that worry us
    (clinical-reference §4.1). Says who and when, never what was written.

    One live item per client: a second such message while one is live reopens it with the new
    time, so the newest is what the care team reads first.
    """
    name = client.user.get_short_name()
    # Stored once for the whole care team: the clock of the program, not of the server.
    zone = program_zone(client.program)
    explanation = f"{source} from {name} at {clock(at, zone)} has words that worry us — {then}"
    day = timezone.localdate(at)
    item = (
        Signal.objects.live()
        .select_for_update()
        .filter(client=client, kind=WORRYING_WORDS, safety_flag__isnull=True)
        .first()
    )
    if item is None:
        return Signal.objects.create(
            client=client,
            kind=WORRYING_WORDS,
            severity=Severity.URGENT,
            start=day,
            end=day,
            explanation=explanation,
            evidence=[day.isoformat()],
            opened_at=at,
            updated_at=at,
        )
    item.explanation, item.end, item.updated_at = explanation, max(item.end, day), at
    item.evidence = sorted({*item.evidence, day.isoformat()})
    item.state, item.snoozed_until = SignalState.OPEN, None
    item.save(
        update_fields=["explanation", "end", "updated_at", "evidence", "state", "snoozed_until"]
    )
    return item


@transaction.atomic
def log_outreach(
    *, client: Client, clinician: User, action: str, outcome: str = "", signal: Signal | None = None
) -> Outreach:
    """Log what was done (called, texted, met, left a message, no answer) and how it went."""
    if action not in OutreachAction.values:
        raise InvalidInput("action", "Please choose what you did.")
    if len(outcome) > 1000:
        raise InvalidInput("outcome", "Please keep this under 1000 characters.")
    outreach = Outreach.objects.create(
        client=client, clinician=clinician, action=action, outcome=outcome.strip(), signal=signal
    )
    if signal is not None and signal.state == SignalState.OPEN:
        acknowledge_signal(signal=signal, by=clinician)
    return outreach


@transaction.atomic
def close_signal(
    *,
    signal: Signal,
    reason: str,
    by: User,
    snooze_until: dt.date | None = None,
    useful: bool | None = None,
) -> None:
    """Resolve a signal, or snooze it until a date, with a reason (required).

    Either way it holds until new evidence arrives (rules/hold.py): a resolved one is not
    raised again, and a snoozed one does not wake before its date, on the evidence already
    seen. Resolving a safety answer's item acknowledges its flag too; snoozing leaves it open.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", "Please say briefly why.")
    if signal.state not in LIVE_STATES:
        return
    now = timezone.now()
    if snooze_until is not None:
        if snooze_until <= timezone.localdate():
            raise InvalidInput("snooze_until", "Please choose a date after today.")
        values = {
            "state": SignalState.SNOOZED,
            "snoozed_until": snooze_until,
            "held_marks": F("marks"),
            "held_note": f"it was snoozed on {fmt(timezone.localdate())}",
            "whats_new": "",
        }
    else:
        if signal.safety_flag is not None:
            acknowledge_safety_flag(flag=signal.safety_flag, by=by)
        values = {"state": SignalState.RESOLVED, "closed_at": now}
    Signal.objects.filter(pk=signal.pk).update(
        state_reason=reason[:300], useful=useful, updated_at=now, **values
    )


def session_awaiting_check(client: Client, days: int = 3) -> Session | None:
    """The latest attended session of the last few days that the client has not yet rated."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Session.objects.filter(
            client=client,
            status=SessionStatus.ATTENDED,
            planned_at__gte=since,
            check_response__isnull=True,
        )
        .order_by("-planned_at")
        .first()
    )
