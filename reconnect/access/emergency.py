"""Break-glass: emergency access to a record outside one's care team (164.312(a)(2)(ii), §2.51).

It needs a stated reason, lasts 60 minutes, is marked in the audit trail and the disclosure
ledger, and the client and the clinician's supervisors are told at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from reconnect.access.gate import EMERGENCY_PURPOSE, record_event
from reconnect.access.models import EMERGENCY_MINUTES, Action, Category, EmergencyAccess
from reconnect.core.input import InvalidInput
from reconnect.people.models import CareTeamMember, Client, Role, User

SHORTEST_REASON = 15


@transaction.atomic
def open_in_emergency(*, clinician: User, client: Client, reason: str) -> EmergencyAccess:
    """Grant this clinician 60 minutes of access, with every §2.51(c) fact recorded."""
    from reconnect.consent.models import Channel, Disclosure

    reason = " ".join(reason.split())
    if clinician.role != Role.CLINICIAN or client.program_id != clinician.membership.program_id:
        raise InvalidInput("client", "Emergency access is for clinicians in this program.")
    if len(reason) < SHORTEST_REASON:
        raise InvalidInput(
            "reason", "Please describe the emergency in a sentence; it is shown to the client."
        )
    if len(reason) > 500:
        raise InvalidInput("reason", "Please keep the reason under 500 characters.")
    if CareTeamMember.objects.filter(client=client, clinician=clinician).exists():
        raise InvalidInput("client", "You are on this client's care team already.")
    now = timezone.now()
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
    record_event(
        actor=clinician,
        client_id=client.pk,
        category=Category.RECORD,
        action=Action.EMERGENCY,
        purpose=EMERGENCY_PURPOSE,
        detail=f"emergency access {access.pk} for {EMERGENCY_MINUTES} minutes",
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
    return access


def _tell_people(access: EmergencyAccess) -> None:
    """Email the client and each supervisor of the clinician (no clinical content)."""
    client_user = access.client.user
    supervisors = User.objects.filter(
        supervisees__clinician=access.clinician, is_active=True
    ).values_list("email", flat=True)
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
    if supervisors:
        send_mail(
            "Emergency access by a clinician you supervise",
            f"{access.clinician_name} used emergency access to a client record outside their "
            f"care team at {when}. Please review it on your Team page in Reconnect.\n",
            settings.DEFAULT_FROM_EMAIL,
            list(supervisors),
            fail_silently=True,
        )
