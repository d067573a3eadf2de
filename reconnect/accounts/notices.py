"""Telling people when someone new can see a client's record: the client and clinical oversight.

A program admin manages care teams and supervision but sees no clinical content; putting a
clinician on a team, or a supervisor over a clinician, opens records to them, so the change is
told to the people who would notice a stranger (security-reference #1: no one role can grant
itself clinical access unseen). The news always reaches people the acting admin did not choose:
the program's other admins and the supervisors already in place, never only accounts the admin
has just made or linked (the audit trail's "added user N" rows say who made an account; when
no one else would hear, every supervisor in the program is told). Each person is named with
their role and email address, so a new account given a colleague's name is told apart, and each
is emailed on their own, so no one learns from the To: line who else oversees the team.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.access.models import AccessEvent, Action, Category
from reconnect.people.models import (
    CareTeamMember,
    CareTeamNotice,
    Client,
    NoticeKind,
    Role,
    Supervision,
    User,
)


def describe(user: User) -> str:
    """A person as staff and clients should recognise them: name, role and email address."""
    return CareTeamNotice(
        person_name=user.display_name, person_role=user.role or "", person_email=user.email
    ).who


def _notice(client_id: int, kind: str, person: User, by: User) -> CareTeamNotice:
    return CareTeamNotice(
        client_id=client_id,
        kind=kind,
        person_name=person.display_name,
        person_role=person.role or "",
        person_email=person.email,
        added_by_name=by.display_name,
    )


def _other_admins(program_id: int, acting: User | None) -> Q:
    admins = Q(memberships__program_id=program_id, memberships__role=Role.ADMIN)
    return admins & ~Q(pk=acting.pk) if acting is not None else admins


# accounts/actions.py `add_person` writes this row for every account an admin creates.
_ADDED_USER = re.compile(r"^added user (\d+) as ")


def made_by(admin: User | None, user_ids: set[int]) -> set[int]:
    """Those of the accounts that this admin created, as the audit trail records it."""
    if admin is None or not user_ids:
        return set()
    details = AccessEvent.objects.filter(
        actor_id=admin.pk,
        category=Category.ADMINISTRATION,
        action=Action.CREATE,
        detail__startswith="added user ",
    ).values_list("detail", flat=True)
    made = {int(m.group(1)) for m in map(_ADDED_USER.match, details) if m}
    return made & user_ids


def _recipients(
    people: Q, *, program_id: int | None, acting: User | None, leave_out: list[int], besides: int
) -> tuple[list[str], bool]:
    """The active people to email, and whether the news had to go wider: when no one but
    `besides` (the clinician concerned) and accounts the acting admin created would hear of
    it, every supervisor in the program and the other admins are told too."""
    found = dict(
        User.objects.filter(people, is_active=True)
        .exclude(pk__in=leave_out)
        .values_list("pk", "email")
    )
    others = set(found) - {besides}
    if not program_id or others - made_by(acting, others):
        return sorted(set(found.values())), False
    supervisors = Q(memberships__program_id=program_id, memberships__role=Role.SUPERVISOR)
    found.update(
        User.objects.filter(supervisors | _other_admins(program_id, acting), is_active=True)
        .exclude(pk__in=leave_out)
        .values_list("pk", "email")
    )
    return sorted(set(found.values())), True


def oversight_for(client: Client, clinician: User, *, added_by: User | None) -> list[str]:
    """Who is told besides the client: the clinician's supervisors, the supervisors of the rest
    of the care team and the program's other admins, all of them every time (and every
    supervisor in the program when those are only accounts the admin made)."""
    team = CareTeamMember.objects.filter(client=client).exclude(clinician=clinician)
    people = (
        Q(supervisees__clinician=clinician)
        | Q(supervisees__clinician__in=team.values("clinician"))
        | _other_admins(client.program_id, added_by)
    )
    emails, _ = _recipients(
        people,
        program_id=client.program_id,
        acting=added_by,
        leave_out=[clinician.pk],
        besides=clinician.pk,
    )
    return emails


def _send_each(subject: str, body: str, recipients: list[str]) -> None:
    """One email per person, so no one learns from the To: line who else oversees the team."""
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients],
        fail_silently=True,
    )


def _active_supervisors(clinician: User) -> list[User]:
    return list(
        User.objects.filter(supervisees__clinician=clinician, is_active=True).order_by("pk")
    )


def notice_new_member(client: Client, clinician: User, by: User, *, email_client: bool) -> None:
    """The client's home shows who joined, and each of the clinician's supervisors, who can
    read the record through them; the client and clinical oversight are emailed once the change
    is saved (a new client is not: their welcome email comes at the same time)."""
    notice = _notice(client.pk, NoticeKind.JOINED, clinician, by)
    notice.save()
    CareTeamNotice.objects.bulk_create(
        [
            _notice(client.pk, NoticeKind.SUPERVISES, supervisor, by)
            for supervisor in _active_supervisors(clinician)
        ]
    )
    transaction.on_commit(
        lambda: tell_about_new_member(
            notice.pk, clinician_id=clinician.pk, added_by_id=by.pk, email_client=email_client
        )
    )


def tell_about_new_member(
    notice_id: int, *, clinician_id: int, added_by_id: int | None, email_client: bool
) -> None:
    """Email the client and clinical oversight about one new care-team member (ids only in,
    no clinical content out)."""
    notice = CareTeamNotice.objects.select_related("client__user").filter(pk=notice_id).first()
    clinician = User.objects.filter(pk=clinician_id).first()
    if notice is None or clinician is None:
        return
    client = notice.client
    added_by = User.objects.filter(pk=added_by_id).first() if added_by_id else None
    context: dict[str, object] = {
        "client_name": client.user.get_short_name(),
        "clinician_name": notice.person_name,
        "who": notice.who,
        "added_by": notice.added_by_name,
        "when": _when(notice.joined_at),
        "supervisors": [describe(s) for s in _active_supervisors(clinician)],
    }
    context["has_supervisor"] = bool(context["supervisors"])
    if email_client and client.user.is_active:
        _send_each(
            f"{notice.person_name} joined your care team",
            render_to_string("people/email/care_team_joined.txt", context),
            [client.user.email],
        )
    oversight = oversight_for(client, clinician, added_by=added_by)
    if oversight:
        _send_each(
            f"{notice.person_name} joined a client's care team",
            render_to_string("people/email/care_team_joined_oversight.txt", context),
            oversight,
        )


def notice_new_supervisor(supervision: Supervision, by: User) -> None:
    """Each client on the clinician's care teams sees the new supervisor on their home; the
    clinician, their other supervisors and the other admins are emailed once it is saved."""
    supervisor, clinician = supervision.supervisor, supervision.clinician
    client_ids = CareTeamMember.objects.filter(clinician=clinician).values_list(
        "client_id", flat=True
    )
    CareTeamNotice.objects.bulk_create(
        [_notice(client_id, NoticeKind.SUPERVISES, supervisor, by) for client_id in client_ids]
    )
    transaction.on_commit(lambda: tell_about_new_supervisor(supervision.pk, added_by_id=by.pk))


def tell_about_new_supervisor(supervision_id: int, *, added_by_id: int | None) -> None:
    """Email the supervised clinician, their other supervisors and the program's other admins,
    and every supervisor in the program when the rest are only accounts the acting admin made
    (ids in, no client named out)."""
    supervision = (
        Supervision.objects.select_related("supervisor", "clinician")
        .filter(pk=supervision_id)
        .first()
    )
    if supervision is None:
        return
    supervisor, clinician = supervision.supervisor, supervision.clinician
    added_by = User.objects.filter(pk=added_by_id).first() if added_by_id else None
    program = clinician.membership.program_id if clinician.membership else None
    people = Q(pk=clinician.pk) | Q(supervisees__clinician=clinician)
    if program is not None:
        people |= _other_admins(program, added_by)
    recipients, wider = _recipients(
        people, program_id=program, acting=added_by, leave_out=[supervisor.pk], besides=clinician.pk
    )
    if not recipients:
        return
    context = {
        "supervisor": describe(supervisor),
        "supervisor_name": supervisor.display_name,
        "clinician": describe(clinician),
        "added_by": describe(added_by) if added_by else "",
        "when": _when(supervision.since),
        "clinician_name": clinician.display_name,
        "clients": CareTeamMember.objects.filter(clinician=clinician).count(),
        "wider": wider,
    }
    _send_each(
        f"{supervisor.display_name} now supervises {clinician.display_name}",
        render_to_string("people/email/supervision_added.txt", context),
        recipients,
    )


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y, %H:%M")
