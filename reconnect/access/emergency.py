"""Break-glass: emergency access to a record outside one's care team (164.312(a)(2)(ii), §2.51).

It needs a stated reason (a sentence), lasts 60 minutes, is marked in the audit trail and the
disclosure ledger, and the client and the clinician's supervisors (or, with none, the program
admins) are told at once. One grant per clinician and client is open at a time, and a clinician
opens at most RECONNECT_EMERGENCY_DAILY_LIMIT records in any 24 hours. The clinician names the
client (full name and sign-in email); the page never lists the program's clients.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from reconnect.access.gate import EMERGENCY_PURPOSE, record_event
from reconnect.access.models import (
    EMERGENCY_MINUTES,
    AccessEvent,
    Action,
    Category,
    EmergencyAccess,
    Outcome,
)
from reconnect.core.input import InvalidInput
from reconnect.people.models import CareTeamMember, Client, Role, User

SHORTEST_REASON = 15
LONGEST_REASON = 500
NOT_A_SENTENCE = (
    "Please describe the emergency in a sentence of a few words, for example: The client "
    "called the front desk in crisis and I need their safety plan. The client will read it."
)
NO_MATCH = (
    "No client in this program has that full name and email. Please check the spelling with "
    "the person or whoever knows them, or ask your supervisor."
)


def daily_limit() -> int:
    return int(settings.RECONNECT.get("EMERGENCY_DAILY_LIMIT", 3))


def reason_problem(reason: str) -> str | None:
    """Why this reason is not a sentence about an emergency (None when it is).

    At least three different words of two letters or more, and more than a few different
    letters: "aaaaaaaaaaaaaaaa", "x x x x x x x x" or "help help help help" say nothing.
    """
    words = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", reason)}
    letters = {c.lower() for c in reason if c.isalpha()}
    if len(reason) < SHORTEST_REASON or len(words) < 3 or len(letters) < 4:
        return NOT_A_SENTENCE
    if len(reason) > LONGEST_REASON:
        return f"Please keep the reason under {LONGEST_REASON} characters."
    return None


def find_client(*, clinician: User, full_name: str, email: str) -> Client | None:
    """The one active client in the clinician's program with exactly this name and email."""
    name = " ".join(full_name.split())
    if not name or not email.strip() or clinician.membership is None:
        return None
    return (
        Client.objects.select_related("user", "program")
        .filter(
            program_id=clinician.membership.program_id,
            user__is_active=True,
            user__email__iexact=email.strip(),
            user__display_name__iexact=name,
        )
        .first()
    )


def open_named_in_emergency(
    *, clinician: User, full_name: str, email: str, reason: str
) -> EmergencyAccess:
    """Find the client the clinician names, then open their record in an emergency.

    A reason that is not a sentence writes nothing; a name and email that match nobody is a
    refused emergency access in the audit trail, without a client.
    """
    reason = _checked_reason(clinician, reason)
    client = find_client(clinician=clinician, full_name=full_name, email=email)
    if client is None:
        record_event(
            actor=clinician,
            client_id=None,
            category=Category.RECORD,
            action=Action.EMERGENCY,
            outcome=Outcome.DENIED,
            purpose=EMERGENCY_PURPOSE,
            detail="emergency access: no client matched the name and email",
        )
        raise InvalidInput("full_name", NO_MATCH)
    return open_in_emergency(clinician=clinician, client=client, reason=reason)


def open_in_emergency(*, clinician: User, client: Client, reason: str) -> EmergencyAccess:
    """Grant this clinician 60 minutes of access, with every §2.51(c) fact recorded.

    While a grant for this client is open, that grant is returned (`already_open` is True)
    and nothing new is recorded. Over the daily limit the request is refused, and the refusal
    is in the audit trail.
    """
    reason = _checked_reason(clinician, reason)
    if client.program_id != clinician.membership.program_id:
        raise InvalidInput("client", "Emergency access is for clinicians in this program.")
    if CareTeamMember.objects.filter(client=client, clinician=clinician).exists():
        raise InvalidInput("client", "You are on this client's care team already.")
    access, refusal = _grant(clinician=clinician, client=client, reason=reason)
    if access is None:
        record_event(
            actor=clinician,
            client_id=client.pk,
            category=Category.RECORD,
            action=Action.EMERGENCY,
            outcome=Outcome.DENIED,
            purpose=EMERGENCY_PURPOSE,
            detail=f"emergency access refused: {daily_limit()} in the last 24 hours",
        )
        raise InvalidInput("client", refusal)
    return access


def _checked_reason(clinician: User, reason: str) -> str:
    if clinician.role != Role.CLINICIAN:
        raise InvalidInput("client", "Emergency access is for clinicians in this program.")
    reason = " ".join(reason.split())
    problem = reason_problem(reason)
    if problem:
        raise InvalidInput("reason", problem)
    return reason


@transaction.atomic
def _grant(*, clinician: User, client: Client, reason: str) -> tuple[EmergencyAccess | None, str]:
    """The open grant, a new one, or (None, why not). One clinician's requests run one at a
    time: the row lock on PostgreSQL, the IMMEDIATE transaction on SQLite."""
    from reconnect.consent.models import Channel, Disclosure

    User.objects.select_for_update().filter(pk=clinician.pk).first()
    now = timezone.now()
    mine = EmergencyAccess.objects.filter(clinician=clinician)
    active = mine.active().filter(client=client).first()
    if active is not None:
        active.already_open = True
        return active, ""
    limit = daily_limit()
    if mine.filter(started_at__gt=now - dt.timedelta(hours=24)).count() >= limit:
        return None, _limit_message(clinician, limit)
    renewed = mine.filter(client=client).exists()
    access = EmergencyAccess.objects.create(
        client=client,
        clinician=clinician,
        clinician_name=clinician.display_name,
        affiliation=clinician.membership.program.name,
        disclosed_by=client.program.name,
        nature_of_emergency=reason,
        started_at=now,
        ends_at=now + dt.timedelta(minutes=EMERGENCY_MINUTES),
    )
    access.already_open = False
    record_event(
        actor=clinician,
        client_id=client.pk,
        category=Category.RECORD,
        action=Action.EMERGENCY,
        purpose=EMERGENCY_PURPOSE,
        detail=f"emergency access {access.pk} for {EMERGENCY_MINUTES} minutes"
        + (" (opened again after an earlier one ended)" if renewed else ""),
    )
    Disclosure.objects.create(
        client=client,
        channel=Channel.EMERGENCY,
        recipient=clinician,
        recipient_name=f"{clinician.display_name}, {access.affiliation}",
        description=f"Emergency access to the whole record for {EMERGENCY_MINUTES} minutes",
        purpose=f"Medical emergency: {reason}"[:300],
    )
    transaction.on_commit(lambda: _tell_people(access))
    return access, ""


def _limit_message(clinician: User, limit: int) -> str:
    who = "supervisor" if _supervisor_emails(clinician) else "program admin"
    records = "record" if limit == 1 else "records"
    return (
        f"You have opened {limit} {records} in an emergency today; ask your {who}. "
        "Each emergency access counts for 24 hours."
    )


def _supervisor_emails(clinician: User) -> list[str]:
    return list(
        User.objects.filter(supervisees__clinician=clinician, is_active=True).values_list(
            "email", flat=True
        )
    )


def _admin_emails(clinician: User) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program_id=clinician.membership.program_id,
            memberships__role=Role.ADMIN,
        ).values_list("email", flat=True)
    )


def _tell_people(access: EmergencyAccess) -> None:
    """Email the client, and each supervisor of the clinician or, with none, the program
    admins (no clinical content, no client name to staff)."""
    client_user = access.client.user
    when = timezone.localtime(access.started_at).strftime("%d %b %Y %H:%M")
    send_mail(
        "Your record was opened in an emergency",
        f"Hello {client_user.get_short_name()},\n\n{access.clinician_name} opened your record in "
        f"an emergency at {when}, for up to {EMERGENCY_MINUTES} minutes. The reason they gave "
        "is on your 'Who saw my record' page in Reconnect. If anything about this worries "
        "you, please talk to your care team.\n",
        settings.DEFAULT_FROM_EMAIL,
        [client_user.email],
        fail_silently=True,
    )
    supervisors = _supervisor_emails(access.clinician)
    if supervisors:
        send_mail(
            "Emergency access by a clinician you supervise",
            f"{access.clinician_name} used emergency access to a client record outside their "
            f"care team at {when}. Please review it on your Team page in Reconnect.\n",
            settings.DEFAULT_FROM_EMAIL,
            supervisors,
            fail_silently=True,
        )
        return
    admins = _admin_emails(access.clinician)
    if admins:
        send_mail(
            "Emergency access by a clinician without a supervisor",
            f"{access.clinician_name} used emergency access to a client record outside their "
            f"care team at {when}. They have no supervisor in Reconnect, so you are told "
            "instead. Please follow it up with them, and consider giving them a supervisor on "
            "the Program page.\n",
            settings.DEFAULT_FROM_EMAIL,
            admins,
            fail_silently=True,
        )


def counts_for_supervisor(supervisor: User) -> dict[int, dict[str, int]]:
    """Per supervised clinician: emergency accesses in the last 24 hours and 30 days, and
    refused requests in the last 30 days."""
    now = timezone.now()
    day, month = now - dt.timedelta(hours=24), now - dt.timedelta(days=30)
    clinician_ids = list(
        User.objects.filter(supervisors__supervisor=supervisor).values_list("pk", flat=True)
    )
    counts = {pk: {"day": 0, "month": 0, "refused": 0} for pk in clinician_ids}
    grants = (
        EmergencyAccess.objects.filter(clinician_id__in=clinician_ids, started_at__gte=month)
        .values("clinician_id")
        .annotate(month=Count("id"), day=Count("id", filter=Q(started_at__gt=day)))
    )
    for row in grants:
        counts[row["clinician_id"]].update(day=row["day"], month=row["month"])
    refused = (
        AccessEvent.objects.filter(
            actor_id__in=clinician_ids,
            action=Action.EMERGENCY,
            outcome=Outcome.DENIED,
            at__gte=month,
        )
        .values("actor_id")
        .annotate(n=Count("id"))
    )
    for row in refused:
        counts[row["actor_id"]]["refused"] = row["n"]
    return counts
