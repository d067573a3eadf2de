"""Measures use cases: assign, answer (or decline), raise safety flags, what is due, history."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.measures import instruments
from reconnect.measures.instruments import Instrument
from reconnect.measures.models import INTERVALS, Assignment, Response, SafetyFlag, Schedule, Status
from reconnect.measures.reliable_change import Params, Result, load_params, reliable_change
from reconnect.measures.scoring import SAFETY_FLAG, InvalidAnswers, score
from reconnect.people.models import Client, User
from reconnect.radar.freshness import client_changed

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


@lru_cache(maxsize=4)
def _params(path: str) -> tuple[str, dict[str, Params]]:
    return load_params(Path(path) if path else None)


def rc_params() -> tuple[str, dict[str, Params]]:
    """Reliable-change parameters from versioned configuration (RECONNECT_RC_PARAMS)."""
    return _params(settings.RECONNECT.get("RC_PARAMS", ""))


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


@transaction.atomic
def record_response(
    *,
    client: Client,
    instrument: str,
    answers: Sequence[int | None],
    client_request_id: str,
    version: str | None = None,
    declined: bool = False,
) -> tuple[Response, bool]:
    """Score and store one administration once per request id; raise a safety flag at once.

    A declined administration is stored as declined, never as zeros.
    """
    chosen = instrument_or_error(instrument)
    if version is not None and version != chosen.version:
        raise InvalidInput(
            "version", f"That version is retired; the current one is {chosen.version!r}."
        )
    request_id = (client_request_id or "").strip()
    if not request_id or len(request_id) > 64:
        raise InvalidInput("client_request_id", "A request id of 1 to 64 characters is needed.")
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
    values = {
        "instrument": chosen.code,
        "version": chosen.version,
        "status": Status.DECLINED if declined else Status.COMPLETED,
        "answers": answers,
        "total": result.total if result else None,
        "band": result.band_label or "" if result else "",
        "flags": list(result.flags) if result else [],
        "score_note": result.reason if result else "",
    }
    try:
        with transaction.atomic():
            response = Response.objects.create(
                client=client,
                assignment=_active_assignment(client, chosen.code),
                client_request_id=request_id,
                **values,
            )
    except IntegrityError:
        response = Response.objects.get(client=client, client_request_id=request_id)
        if (response.instrument, response.answers, response.status) != (
            values["instrument"],
            values["answers"],
            values["status"],
        ):
            raise IdempotencyConflict() from None
        return response, False
    if SAFETY_FLAG in values["flags"]:
        raise_safety_flag(response=response)
    client_changed(client.pk)
    return response, True


def raise_safety_flag(*, response: Response) -> SafetyFlag:
    """Create the care team's urgent item now and email the team once the answer is saved."""
    flag = SafetyFlag.objects.create(
        client=response.client,
        response=response,
        reason="Answered above 0 on PHQ-9 item 9 (thoughts of being better off dead or of "
        "self-harm). Worth a follow-up conversation today; a positive answer is not a risk "
        "rating.",
    )
    client_id = response.client_id
    transaction.on_commit(lambda: notify_care_team(client_id=client_id, flag_id=flag.pk))
    return flag


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
    from django.apps import apps

    if not apps.is_installed("reconnect.radar"):
        return False
    session = apps.get_model("radar", "Session")
    return session.objects.filter(
        client_id=client_id, status="attended", planned_at__gt=since
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
        r
        for r in Response.objects.for_client(client).completed().filter(instrument=code)
        if r.total is not None
    ]
    for index, response in enumerate(scored):
        base = prev = None
        if param and index > 0:
            base = reliable_change(instrument, param, scored[0].total, response.total)
            prev = reliable_change(instrument, param, scored[index - 1].total, response.total)
        points.append(HistoryPoint(response, base, prev))
    return points
