"""Telling people when someone new can see a client's record: the client and clinical oversight.

A program admin manages care teams but sees no clinical content; putting a clinician on a team
opens the record to them, so the change is told to the people who would notice a stranger
(security-reference #1: no one role can grant itself clinical access unseen).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.people.models import CareTeamMember, CareTeamNotice, Client, Role, User


def oversight_for(client: Client, clinician: User, *, added_by: User | None) -> list[str]:
    """Who is told besides the client: the clinician's supervisors; failing those, the
    supervisors of the rest of the care team; failing those, the program's other admins."""
    active = User.objects.filter(is_active=True)
    emails = list(
        active.filter(supervisees__clinician=clinician).values_list("email", flat=True).distinct()
    )
    if not emails:
        team = CareTeamMember.objects.filter(client=client).exclude(clinician=clinician)
        emails = list(
            active.filter(supervisees__clinician__in=team.values("clinician"))
            .values_list("email", flat=True)
            .distinct()
        )
    if not emails:
        admins = active.filter(
            memberships__program_id=client.program_id, memberships__role=Role.ADMIN
        )
        if added_by is not None:
            admins = admins.exclude(pk=added_by.pk)
        emails = list(admins.values_list("email", flat=True).distinct())
    return sorted(emails)


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
    when = timezone.localtime(notice.joined_at).strftime("%d %b %Y, %H:%M")
    context = {
        "client_name": client.user.get_short_name(),
        "clinician_name": notice.clinician_name,
        "added_by": notice.added_by_name,
        "when": when,
        "has_supervisor": clinician.supervisors.filter(supervisor__is_active=True).exists(),
    }
    if email_client and client.user.is_active:
        send_mail(
            f"{notice.clinician_name} joined your care team",
            render_to_string("people/email/care_team_joined.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [client.user.email],
            fail_silently=True,
        )
    oversight = oversight_for(client, clinician, added_by=added_by)
    if oversight:
        send_mail(
            f"{notice.clinician_name} joined a client's care team",
            render_to_string("people/email/care_team_joined_oversight.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            oversight,
            fail_silently=True,
        )
