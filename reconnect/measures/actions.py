"""Measures use cases: assign, answer (or decline), raise and acknowledge safety flags, what is
due, history."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.core.idempotency import clean_request_id, create_once
from reconnect.core.input import InvalidInput
from reconnect.measures import instruments
from reconnect.measures.instruments import Instrument
from reconnect.measures.models import INTERVALS, Assignment, Response, SafetyFlag, Schedule, Status
from reconnect.measures.rc_config import rc_params
from reconnect.measures.reliable_change import Result, reliable_change
from reconnect.measures.scoring import SAFETY_FLAG, InvalidAnswers, score
from reconnect.people.models import Client, User
from reconnect.radar.freshness import client_changed
from reconnect.radar.models import Session, SessionStatus, Signal, SignalState
from reconnect.radar.rules import safety_answer

logger = logging.getLogger(__name__)


def auditc_enabled() -> bool:
    return bool(settings.RECONNECT.get("AUDITC_ENABLED"))


def usable_instruments() -> list[Instrument]:
    return instruments.available(auditc_enabled=auditc_enabled())


def instrument_or_error(code: str) -> Instrument:
    """The instrument if it exists and may be used here, else a clear InvalidInput."""
    try:
        instrument = instruments.get(code)
    except KeyError as exc:
        raise InvalidInput("instrument", f"There is no questionnaire called {code!r}.") from exc
    if instrument.requires_licence_flag and not auditc_enabled():
        raise InvalidInput("instrument", f"{instrument.title} is not enabled in this program.")
    return instrument


@transaction.atomic
def assign_instrument(
    *, client: Client, instrument: str, schedule: str, assigned_by: User
) -> Assignment:
    """Ask a client to answer an instrument on a schedule (replaces an earlier schedule)."""
    chosen = instrument_or_error(instrument)
    if schedule not in Schedule.values:
        raise InvalidInput(
            "schedule", "Please choose once, every session, or every 1, 2 or 4 weeks."
        )
    Assignment.objects.active().filter(client=client, instrument=chosen.code).update(
        ended_at=timezone.now()
    )
    return Assignment.objects.create(
        client=client, instrument=chosen.code, schedule=schedule, assigned_by=assigned_by
    )


@transaction.atomic
def end_assignment(*, assignment: Assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )


def _active_assignment(client: Client, code: str) -> Assignment | None:
    return Assignment.objects.active().filter(client=client, instrument=code).first()


def record_response(
    *,
    client: Client,
    instrument: str,
    answers: Sequence[int | None],
    client_request_id: str,
    version: str | None = None,
    declined: bool = False,
    session_id: int | None = None,
) -> tuple[Response, bool]:
    """Score and store one administration once per request id; raise a safety flag at once.

    A declined administration is stored as declined, never as zeros. Session-check answers
    given for an attended session (`session_id`) are linked to it in the same transaction.
    """
    chosen = instrument_or_error(instrument)
    if version is not None and version != chosen.version:
        raise InvalidInput(
            "version", f"That version is retired; the current one is {chosen.version!r}."
        )
    request_id = clean_request_id(client_request_id)
    answers = [] if declined else list(answers)
    if not declined and all(a is None for a in answers) and answers:
        declined = True
        answers = []
    result = None
    if not declined:
        try:
            result = score(chosen, answers)
        except InvalidAnswers as error:
            raise InvalidInput("answers", "; ".join(error.problems)) from error
    status = Status.DECLINED if declined else Status.COMPLETED

    def create() -> Response:
        response = Response.objects.create(
            client=client,
            assignment=_active_assignment(client, chosen.code),
            client_request_id=request_id,
            instrument=chosen.code,
            version=chosen.version,
            status=status,
            answers=answers,
            total=result.total if result else None,
            band=result.band_label or "" if result else "",
            flags=list(result.flags) if result else [],
            score_note=result.reason if result else "",
        )
        if session_id is not None and chosen.code == instruments.SESSION_CHECK.code:
            _link_session_check(response, session_id)
        if SAFETY_FLAG in response.flags:
            raise_safety_flag(response=response)
        client_changed(client.pk)
        return response

    return create_once(
        create=create,
        existing=lambda: Response.objects.filter(client=client, client_request_id=request_id),
        same=lambda r: (r.instrument, r.answers, r.status) == (chosen.code, answers, status),
    )


def _link_session_check(response: Response, session_id: int) -> None:
    """Attach "How was today's session?" answers to the attended session they rate."""
    Session.objects.filter(
        pk=session_id,
        client_id=response.client_id,
        status=SessionStatus.ATTENDED,
        check_response__isnull=True,
    ).update(check_response=response)


def raise_safety_flag(*, response: Response, notify: bool = True) -> SafetyFlag:
    """Flag a safety answer and put its one urgent item on the radar now, with the flag as its
    evidence; email the care team once the answer is saved (unless `notify` is off)."""
    flag = SafetyFlag.objects.create(
        client=response.client,
        response=response,
        reason="Answered above 0 on PHQ-9 item 9 (thoughts of being better off dead or of "
        "self-harm). Worth a follow-up conversation today; a positive answer is not a risk "
        "rating.",
        raised_at=response.submitted_at,
    )
    item = safety_answer(timezone.localdate(flag.raised_at))
    Signal.objects.create(
        client_id=flag.client_id,
        safety_flag=flag,
        kind=item.kind,
        severity=item.severity,
        start=item.start,
        end=item.end,
        explanation=item.explanation,
        evidence=[day.isoformat() for day in item.evidence],
        opened_at=flag.raised_at,
        updated_at=flag.raised_at,
    )
    if notify:
        client_id, flag_id = response.client_id, flag.pk
        transaction.on_commit(lambda: notify_care_team(client_id=client_id, flag_id=flag_id))
    return flag


@transaction.atomic
def acknowledge_safety_flag(*, flag: SafetyFlag, by: User) -> None:
    """Acknowledge a safety answer: its flag and its urgent radar item together, so the care
    team clears one answer once, from the questionnaire page or from the radar.

    A snoozed item is acknowledged too: it would otherwise wake up open with its flag cleared.
    """
    now = timezone.now()
    SafetyFlag.objects.filter(pk=flag.pk, state=SafetyFlag.State.OPEN).update(
        state=SafetyFlag.State.ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now
    )
    Signal.objects.filter(
        safety_flag=flag, state__in=(SignalState.OPEN, SignalState.SNOOZED)
    ).update(state=SignalState.ACKNOWLEDGED, snoozed_until=None, updated_at=now)


def notify_care_team(*, client_id: int, flag_id: int) -> None:
    """Email each clinician on the care team (no clinical content in the email)."""
    client = Client.objects.select_related("user").get(pk=client_id)
    emails = [m.clinician.email for m in client.care_team.select_related("clinician")]
    if not emails:
        logger.warning("safety flag %s has no care team to notify", flag_id)
        return
    send_mail(
        "Reconnect: an urgent item needs your attention",
        render_to_string(
            "measures/email/safety_flag.txt", {"client_id": client_id, "flag_id": flag_id}
        ),
        None,
        emails,
    )


@dataclass(frozen=True)
class Due:
    assignment: Assignment
    instrument: Instrument
    last_answered: dt.datetime | None


def due_for(client: Client, now: dt.datetime | None = None) -> list[Due]:
    """Assignments the client may answer now (a declined one counts as answered)."""
    now = now or timezone.now()
    due = []
    assignments = list(Assignment.objects.active().for_client(client).order_by("created_at"))
    latest = {
        code: at
        for code, at in Response.objects.for_client(client)
        .order_by("instrument", "submitted_at")
        .values_list("instrument", "submitted_at")
    }
    for assignment in assignments:
        last = latest.get(assignment.instrument)
        if last is not None and last < assignment.created_at:
            last = None
        if _is_due(assignment, last, now):
            due.append(Due(assignment, instruments.get(assignment.instrument), last))
    return due


def _is_due(assignment: Assignment, last: dt.datetime | None, now: dt.datetime) -> bool:
    if last is None:
        return True
    if assignment.schedule == Schedule.ONCE:
        return False
    if assignment.schedule == Schedule.EVERY_SESSION:
        return _attended_session_since(assignment.client_id, last)
    return now - last >= INTERVALS[Schedule(assignment.schedule)] - dt.timedelta(hours=12)


def _attended_session_since(client_id: int, since: dt.datetime) -> bool:
    """True when a session was attended after the last answer (sessions live in the radar)."""
    return Session.objects.filter(
        client_id=client_id, status=SessionStatus.ATTENDED, planned_at__gt=since
    ).exists()


@dataclass(frozen=True)
class HistoryPoint:
    response: Response
    from_baseline: Result | None
    from_previous: Result | None


def history(client: Client, code: str) -> list[HistoryPoint]:
    """Completed administrations, oldest first, each with reliable change vs baseline and
    vs the one before (where parameters exist for the instrument)."""
    instrument = instruments.get(code)
    _, params = rc_params()
    param = params.get(code)
    points: list[HistoryPoint] = []
    scored = [
        (r, r.total)
        for r in Response.objects.for_client(client).completed().filter(instrument=code)
        if r.total is not None
    ]
    for index, (response, total) in enumerate(scored):
        base = prev = None
        if param and index > 0:
            base = reliable_change(instrument, param, scored[0][1], total)
            prev = reliable_change(instrument, param, scored[index - 1][1], total)
        points.append(HistoryPoint(response, base, prev))
    return points
