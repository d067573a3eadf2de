"""Export use cases: make a single-use download link, use it once, and account for a file sent
to someone outside Reconnect."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.consent.categories import labels
from reconnect.consent.models import Channel, ConsentGrant, Disclosure
from reconnect.people.models import Client, User, hash_token
from reconnect.records.models import ExportFormat, ExportLink
from reconnect.records.recipients import consent_for_file

LINK_HOURS = 24


class ConsentEnded(Exception):
    """The consent a file was to be made under is no longer active."""


@dataclass(frozen=True)
class Download:
    """What a used link serves: the client's own file, or one for the recipient of `grant`."""

    format: str
    grant: ConsentGrant | None = None


@transaction.atomic
def create_export_link(*, client: Client, file_format: str, consent_id: int | None) -> str:
    """Store a link that works once within LINK_HOURS; return its token (only the hash is kept).

    A file for someone outside Reconnect is always the readable report."""
    raw = secrets.token_urlsafe(32)
    ExportLink.objects.create(
        client=client,
        format=f"{ExportFormat.HTML}:{consent_id}" if consent_id else file_format,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(hours=LINK_HOURS),
    )
    return raw


@transaction.atomic
def use_export_link(*, client: Client, token: str, actor: User) -> Download | None:
    """Spend the link and account for the download; None once it is used or expired.

    Raises ConsentEnded, leaving the link unspent, when its consent has ended."""
    now = timezone.now()
    link = ExportLink.objects.filter(
        client=client, token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now
    ).first()
    # Spent only where still unspent, so two requests racing on one link serve one file.
    if link is None or not ExportLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=now
    ):
        return None
    fmt, _, consent_id = link.format.partition(":")
    if consent_id:
        grant = record_export_disclosure(client=client, consent_id=int(consent_id), actor=actor)
        return Download(fmt, grant)
    record_event(
        actor=actor,
        client_id=client.pk,
        category=Category.RECORD,
        action=Action.EXPORT,
        detail=f"downloaded own record ({fmt})",
    )
    return Download(fmt)


@transaction.atomic
def record_export_disclosure(*, client: Client, consent_id: int, actor: User) -> ConsentGrant:
    """Enter a file for a consent's recipient in the disclosure ledger and the audit trail."""
    grant = consent_for_file(client, consent_id)
    if grant is None:
        raise ConsentEnded
    Disclosure.objects.create(
        client=client,
        channel=Channel.EXPORT,
        recipient_name=grant.recipient_name,
        description=f"A file with {labels(grant.categories)}",
        purpose=grant.purpose,
        consent=grant,
    )
    record_event(
        actor=actor,
        client_id=client.pk,
        category=Category.SHARED,
        action=Action.EXPORT,
        detail=f"file for consent {grant.pk}",
    )
    return grant
