"""Break-glass: emergency access to a record outside one's care team (164.312(a)(2)(ii), §2.51).

A disclosure without consent, so it lives beside the consents: the grant (access.EmergencyAccess,
which the gate honours for 60 minutes), its audit row and its disclosure-ledger row are written
in one transaction.

It needs a stated reason (a sentence), lasts 60 minutes, is marked in the audit trail and the
disclosure ledger, and the client and the clinician's supervisors (or, with none, the program
admins) are told at once. One grant per clinician and client is open at a time, and a clinician
opens at most RECONNECT_EMERGENCY_DAILY_LIMIT records in any 24 hours. The clinician names the
client (full name and sign-in email); the page never lists the program's clients. Once over the
limit, or after MISSED_NAMES_LIMIT names that matched nobody, every request is refused alike,
before any look-up, so the form cannot be used to learn who is a client.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

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
from reconnect.consent.models import Channel, Disclosure
from reconnect.core.input import InvalidInput
from reconnect.people.models import CareTeamMember, Client, Role, User

SHORTEST_REASON = 15
LONGEST_REASON = 500
MISSED_NAMES_LIMIT = 5  # names matching no client, per clinician in any 24 hours
MISSED_NAME_DETAIL = "emergency access: no client matched the name and email"
OVER_LIMIT_DETAIL = "emergency access refused: over the 24-hour limit, nobody looked up"
WINDOW = dt.timedelta(hours=24)
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


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
PLACEHOLDER_WORDS = {"lorem", "ipsum"}


def reason_problem(reason: str) -> str | None:
    """Why this reason is not a sentence about an emergency (None when it is).

    At least three different word-like words, two of them three letters or longer, and most of
    its words word-like; "lorem ipsum" is placeholder text. "aaaa bbbb cccc", "asdf qwer zxcv",
    "x x x x x x x x" or "help help help help" say nothing; abbreviations ("BP", "PTSD") are
    fine among real words.
    """
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", reason)]
    real = {w for w in words if _word_like(w)}
    letters = {c.lower() for c in reason if c.isalpha()}
    if (
        len(reason) < SHORTEST_REASON
        or len(letters) < 4
        or len(real) < 3
        or sum(len(w) >= 3 for w in real) < 2
        or 2 * sum(w in real for w in words) < len(words)
        or PLACEHOLDER_WORDS & set(words)
    ):
        return NOT_A_SENTENCE
    if len(reason) > LONGEST_REASON:
        return f"Please keep the reason under {LONGEST_REASON} characters."
    return None


def _word_like(word: str) -> bool:
    """More than one letter, a vowel (in Latin script), and not a run of keys along a row."""
    if len(set(word)) == 1:
        return False
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii())
    if not plain:  # another script: no vowel rule to apply
        return True
    if len(word) >= 3 and any(word in row or word in row[::-1] for row in KEYBOARD_ROWS):
        return False
    return any(c in "aeiouy" for c in plain)


def find_client(
    *, clinician: User, full_name: str, email: str, known_only: bool = False
) -> Client | None:
    """The one active client in the clinician's program with exactly this name and email; with
    `known_only`, only among those the clinician sees already (their care team, their open
    emergency accesses), which tells them nothing new."""
    name = " ".join(full_name.split())
    if not name or not email.strip() or clinician.membership is None:
        return None
    clients = Client.objects.select_related("user", "program").filter(
        program_id=clinician.membership.program_id,
        user__is_active=True,
        user__email__iexact=email.strip(),
        user__display_name__iexact=name,
    )
    if known_only:
        open_now = EmergencyAccess.objects.active().filter(clinician=clinician)
        clients = clients.filter(
            Q(care_team__clinician=clinician) | Q(pk__in=open_now.values("client_id"))
        )
    return clients.first()


def open_named_in_emergency(
    *, clinician: User, full_name: str, email: str, reason: str
) -> EmergencyAccess:
    """Find the client the clinician names, then open their record in an emergency.

    A reason that is not a sentence writes nothing. Over the limits the program is not searched
    (only the clients the clinician already sees: their care team and open emergency accesses)
    and the answer is the same whatever else was typed; a name and email that match nobody is
    a refused emergency access in the audit trail, without a client. Both refusals are recorded.
    """
    reason = _checked_reason(clinician, reason)
    client, refusal = _find_within_limits(clinician=clinician, full_name=full_name, email=email)
    if client is None:
        raise InvalidInput("full_name" if refusal == NO_MATCH else "client", refusal)
    return open_in_emergency(clinician=clinician, client=client, reason=reason)


@transaction.atomic
def _find_within_limits(
    *, clinician: User, full_name: str, email: str
) -> tuple[Client | None, str]:
    """(the client, "") or (None, why not), with the refusal recorded. One clinician's requests
    run one at a time, so a burst cannot slip past either limit."""
    User.objects.select_for_update().filter(pk=clinician.pk).first()
    refusal = over_limit_message(clinician)
    client = find_client(
        clinician=clinician, full_name=full_name, email=email, known_only=bool(refusal)
    )
    if client is None:
        refusal = refusal or NO_MATCH
        record_event(
            actor=clinician,
            client_id=None,
            category=Category.RECORD,
            action=Action.EMERGENCY,
            outcome=Outcome.DENIED,
            purpose=EMERGENCY_PURPOSE,
            detail=MISSED_NAME_DETAIL if refusal == NO_MATCH else OVER_LIMIT_DETAIL,
        )
        return None, refusal
    return client, ""


def remaining(clinician: User) -> dict[str, object]:
    """For the page: emergency openings left in the last 24 hours, and when the next frees up
    (None while some are left)."""
    since = timezone.now() - WINDOW
    started = list(
        EmergencyAccess.objects.filter(clinician=clinician, started_at__gt=since)
        .order_by("started_at")
        .values_list("started_at", flat=True)
    )
    left = max(0, daily_limit() - len(started))
    frees_at = started[len(started) - daily_limit()] + WINDOW if not left and started else None
    return {"left": left, "limit": daily_limit(), "frees_at": frees_at}


def over_limit_message(clinician: User) -> str:
    """Why this clinician cannot ask for emergency access now ("" when they can)."""
    since = timezone.now() - WINDOW
    limit = daily_limit()
    if EmergencyAccess.objects.filter(clinician=clinician, started_at__gt=since).count() >= limit:
        return _limit_message(clinician, limit)
    missed = AccessEvent.objects.filter(
        actor_id=clinician.pk,
        action=Action.EMERGENCY,
        outcome=Outcome.DENIED,
        detail=MISSED_NAME_DETAIL,
        at__gt=since,
    ).count()
    if missed >= MISSED_NAMES_LIMIT:
        return (
            f"{MISSED_NAMES_LIMIT} names you entered in the last 24 hours matched no client, "
            f"the most allowed. {_ask(clinician)}"
        )
    return ""


def open_in_emergency(*, clinician: User, client: Client, reason: str) -> EmergencyAccess:
    """Grant this clinician 60 minutes of access, with every §2.51(c) fact recorded.

    While a grant for this client is open, that grant is returned (`already_open` is True)
    and nothing new is recorded. Over the daily limit the request is refused, and the refusal
    is in the audit trail.
    """
    reason = _checked_reason(clinician, reason)
    membership = clinician.membership
    if membership is None or client.program_id != membership.program_id:
        raise InvalidInput("client", "Emergency access is for clinicians in this program.")
    if CareTeamMember.objects.filter(client=client, clinician=clinician).exists():
        raise AlreadyOnCareTeam(client.pk)
    access, refusal = _grant(
        clinician=clinician, client=client, reason=reason, affiliation=membership.program.name
    )
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


class AlreadyOnCareTeam(InvalidInput):
    """Naming one's own client: no emergency is needed, their record is a link away."""

    def __init__(self, client_id: int) -> None:
        super().__init__("client", "You are on this client's care team already.")
        self.client_id = client_id


def _checked_reason(clinician: User, reason: str) -> str:
    if clinician.role != Role.CLINICIAN:
        raise InvalidInput("client", "Emergency access is for clinicians in this program.")
    reason = " ".join(reason.split())
    problem = reason_problem(reason)
    if problem:
        raise InvalidInput("reason", problem)
    return reason


@transaction.atomic
def _grant(
    *, clinician: User, client: Client, reason: str, affiliation: str
) -> tuple[EmergencyAccess | None, str]:
    """The open grant, a new one, or (None, why not). One clinician's requests run one at a
    time: the row lock on PostgreSQL, the IMMEDIATE transaction on SQLite."""
    User.objects.select_for_update().filter(pk=clinician.pk).first()
    now = timezone.now()
    mine = EmergencyAccess.objects.filter(clinician=clinician)
    active = mine.active().filter(client=client).first()
    if active is not None:
        active.already_open = True
        return active, ""
    limit = daily_limit()
    if mine.filter(started_at__gt=now - WINDOW).count() >= limit:
        return None, _limit_message(clinician, limit)
    renewed = mine.filter(client=client).exists()
    access = EmergencyAccess.objects.create(
        client=client,
        clinician=clinician,
        clinician_name=clinician.display_name,
        affiliation=affiliation,
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
    records = "record" if limit == 1 else "records"
    return (
        f"You have opened {limit} {records} in an emergency in the last 24 hours, the most "
        f"allowed. {_ask(clinician)}"
    )


def _ask(clinician: User) -> str:
    if _supervisor_emails(clinician):
        ask = "Please ask your supervisor: your supervisor can open it with you or review the need."
    else:
        ask = "Please ask your program admin, who can review the need with you."
    return f"{ask} Each emergency access counts for 24 hours."


def _supervisor_emails(clinician: User) -> list[str]:
    return list(
        User.objects.filter(supervisees__clinician=clinician, is_active=True).values_list(
            "email", flat=True
        )
    )


def _admin_emails(clinician: User) -> list[str]:
    membership = clinician.membership
    if membership is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program_id=membership.program_id,
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
