"""The one road to a client's record: who may see what, and the audit row for every access.

Deny by default. Each role has one scoping function (security-reference #1):
client = own record; clinician = clients on their care team (plus a record opened in an emergency,
for 60 minutes); supervisor = the care-team clients of the clinicians they supervise; supporter,
and a clinician outside the care team = only what an active consent shares (`consent.sharing`);
program admin = no clinical content; peer recovery specialist = the clients whose care team they
are on, in the peer scope only (PEER_SCOPE). Records outside one's reach answer 404, and the
refused attempt is recorded too.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from typing import cast

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from reconnect.access.models import (
    GENESIS_HASH,
    AccessEvent,
    Action,
    Category,
    EmergencyAccess,
    Outcome,
)
from reconnect.core.errors import AuditUnavailable
from reconnect.core.middleware import current_request
from reconnect.people.models import CareTeamMember, Client, ClientQuerySet, Role, User

PURPOSE_BY_ROLE = {
    Role.CLINICIAN: "treatment",
    Role.SUPERVISOR: "supervision",
    Role.ADMIN: "operations",
    Role.CLIENT: "own record",
    Role.SUPPORTER: "support (consent)",
    Role.PEER: "peer support",
}
# What a peer recovery specialist on a client's care team may open (clinical-reference §4.2:
# "narrower than a clinician's"): the recovery-support summary (check-in counts, not notes;
# circle names; recovery resources (BARC-10) totals; appointments), group participation and
# the care-team conversation. Never counselling or session notes, questionnaire item answers,
# the safety plan's text or session analyses: every other category answers 404.
PEER_SCOPE = frozenset({Category.PEER_SUMMARY, Category.GROUPS, Category.MESSAGES})
# Roles whose care-team membership opens a record (a clinician fully, a peer in PEER_SCOPE).
CARE_TEAM_ROLES = frozenset({Role.CLINICIAN, Role.PEER})
EMERGENCY_PURPOSE = "emergency (break-glass)"
# PostgreSQL advisory lock key that serialises appends to the hash chain.
_CHAIN_LOCK = 0x52454341


def reachable_clients(user: User) -> ClientQuerySet:
    """Every client whose record this person may open, scoped by their role."""
    if not user.is_authenticated or not user.is_active:
        return Client.objects.none()
    membership = user.membership
    if membership is None:
        return Client.objects.none()
    role = membership.role
    clients = Client.objects.filter(program=membership.program)
    if role == Role.CLIENT:
        return clients.filter(user=user)
    if role == Role.CLINICIAN:
        # Two subqueries, not a join: a join would repeat a client once per care-team member.
        team = CareTeamMember.objects.filter(clinician=user).values("client_id")
        emergencies = EmergencyAccess.objects.active().filter(clinician=user).values("client_id")
        return clients.filter(Q(pk__in=team) | Q(pk__in=emergencies))
    if role == Role.SUPERVISOR:
        return clients.supervised_by(user)
    if role == Role.PEER:
        return clients.filter(
            pk__in=CareTeamMember.objects.filter(clinician=user).values("client_id")
        )
    return Client.objects.none()


def in_scope(user: User, category: str) -> bool:
    """Whether this person's role may open this part of a record at all (a peer recovery
    specialist only the peer scope; other roles are scoped by `reachable_clients` alone)."""
    return getattr(user, "role", None) != Role.PEER or category in PEER_SCOPE


def open_record(
    user: User,
    client_id: int,
    *,
    category: str,
    action: str = Action.VIEW,
    detail: str = "",
) -> Client:
    """Return the client if this person may reach them, recording the access; else 404."""
    clients = reachable_clients(user).select_related("user").filter(pk=client_id)
    if user.is_authenticated and user.role in CARE_TEAM_ROLES:
        on_team = CareTeamMember.objects.filter(client=OuterRef("pk"), clinician=user)
        clients = clients.annotate(on_team=Exists(on_team))
    if not in_scope(user, category):
        # A peer reads the safety plan only where the client has shared it with their peer.
        shared = category == Category.SAFETY_PLAN and action == Action.VIEW
        clients = clients.filter(safety_plan_to_peer=True) if shared else clients.none()
    client = clients.first()
    if client is None:
        if Client.objects.filter(pk=client_id).exists():
            record_event(
                actor=user,
                client_id=client_id,
                category=category,
                action=action,
                outcome=Outcome.DENIED,
            )
        raise Http404("No such record.")
    if client.user_id != user.pk:
        emergency = getattr(client, "on_team", True) is False
        record_event(
            actor=user,
            client_id=client.pk,
            category=category,
            action=action,
            detail=detail,
            purpose=EMERGENCY_PURPOSE if emergency else None,
        )
    return client


def own_record(user: User) -> Client:
    """The signed-in client's own record (no audit row: a person reading their own record)."""
    # Only clients have a Client row, so finding one is the role check; the token lookup
    # already joins it (select_related), which keeps the API's hot path to one query.
    if not user.is_authenticated or not user.is_active:
        raise Http404("No record of your own here.")
    try:
        client = user.client
    except Client.DoesNotExist as exc:
        raise Http404("No record of your own here.") from exc
    client.user = user
    return client


def record_list(user: User, *, category: str, count: int, detail: str = "") -> None:
    """Record that a list of clients (names only, or more) was shown to this person."""
    record_event(
        actor=user,
        client_id=None,
        category=category,
        action=Action.LIST,
        detail=detail or f"{count} clients",
    )


def record_summaries(
    user: User,
    client_ids: Iterable[int],
    *,
    category: str = Category.CASELOAD_SUMMARY,
    where: str,
) -> int:
    """Record one access per client whose summary a list showed this person, in one insert.

    `where` finishes the sentence the client reads: "Robin Lee saw you in <their caseload>".
    """
    ids = list(dict.fromkeys(client_ids))
    if not ids or not user.is_authenticated:
        return 0
    ctx = current_request()
    role = user.role or ""
    template = AccessEvent(
        actor_id=user.pk,
        actor_name=user.display_name,
        actor_role=role,
        category=category,
        action=Action.VIEW,
        outcome=Outcome.ALLOWED,
        purpose=PURPOSE_BY_ROLE.get(role, "")[:40],  # type: ignore[call-overload]
        request_id=ctx.request_id if ctx else "",
        ip_address=ctx.ip_address if ctx else "",
        detail=where[:200],
    )
    try:
        with transaction.atomic():
            _append_batch(template, ids)
    except DatabaseError as exc:
        raise AuditUnavailable("The audit trail could not be written.") from exc
    return len(ids)


# Columns that differ between the rows of one batch; the rest are the same for all of them.
_VARYING = ("id", "client_id", "prev_hash", "row_hash")
_SHARED = (
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "category",
    "action",
    "outcome",
    "purpose",
    "request_id",
    "ip_address",
    "detail",
)


def _append_batch(template: AccessEvent, client_ids: list[int]) -> None:
    """Chain one event per client after the newest row and insert them in one statement.

    The chain is verified in id order, so each event's id is fixed before its hash: on
    PostgreSQL drawn from the table's sequence under the chain lock (every writer holds it, so
    no other row can take an id in between); on SQLite, whose IMMEDIATE transactions already
    serialise writers, counted on from the newest id. The statement sends the shared values
    once and only ids and hashes per row (the ORM's bulk_create spent more time preparing 300
    rows than the database took to store them).
    """
    table = AccessEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(client_ids)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
        newest = AccessEvent.objects.order_by("-id").values_list("id", "row_hash").first()
        if connection.vendor != "postgresql":
            ids = [(newest[0] if newest else 0) + n for n in range(1, len(client_ids) + 1)]
        template.at = timezone.now()
        shared = [
            connection.ops.adapt_datetimefield_value(template.at),
            *(getattr(template, name) for name in _SHARED[1:]),
        ]
        varying = []
        prev = newest[1] if newest else GENESIS_HASH
        head, tail = _canonical_around_client(template)
        for event_id, client_id in zip(ids, client_ids, strict=True):
            row_hash = hashlib.sha256(f"{prev}{head}{client_id}{tail}".encode()).hexdigest()
            varying.append((event_id, client_id, prev, row_hash))
            prev = row_hash
        columns = ", ".join((*_VARYING, *_SHARED))
        constants = ", ".join(["%s"] * len(_SHARED))
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT v.*, {constants} FROM "  # noqa: S608 (fixed names)
                "unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS v",
                [*shared, *(list(column) for column in zip(*varying, strict=True))],
            )
            return
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per_statement = max(1, (limit - len(_SHARED)) // len(_VARYING))
        for first in range(0, len(varying), per_statement):
            chunk = varying[first : first + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT column1, column2, column3, column4, "  # noqa: S608 (fixed names)
                f"{constants} FROM (VALUES {', '.join(['(%s, %s, %s, %s)'] * len(chunk))})",
                [*shared, *(value for row in chunk for value in row)],
            )


_CLIENT_MARK = "\x00client\x00"


def _canonical_around_client(template: AccessEvent) -> tuple[str, str]:
    """The canonical text of a batch's events (AccessEvent.canonical) is the same but for the
    previous hash, which comes first, and the client id: the text before and after the id, so
    each row's hash is one format and one digest (building it per row cost more than storing)."""
    template.prev_hash, template.client_id = "", cast(int, _CLIENT_MARK)
    head, tail = template.canonical().split(_CLIENT_MARK)
    return head, tail


def record_event(
    *,
    actor: User | None,
    client_id: int | None,
    category: str,
    action: str,
    outcome: str = Outcome.ALLOWED,
    detail: str = "",
    actor_role: str | None = None,
    purpose: str | None = None,
) -> AccessEvent:
    """Append one event to the hash-chained audit trail, inside its own transaction."""
    ctx = current_request()
    role = actor_role if actor_role is not None else (actor.role if actor else "") or ""
    event = AccessEvent(
        actor_id=actor.pk if actor else None,
        actor_name=actor.display_name if actor else "",
        actor_role=role,
        client_id=client_id,
        category=category,
        action=action,
        outcome=outcome,
        purpose=(purpose if purpose is not None else PURPOSE_BY_ROLE.get(role, ""))[:40],  # type: ignore[call-overload]
        request_id=ctx.request_id if ctx else "",
        ip_address=ctx.ip_address if ctx else "",
        detail=detail[:200],
    )
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
            last = AccessEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
            event.prev_hash = last or GENESIS_HASH
            event.row_hash = event.compute_hash()
            event.save()
    except DatabaseError as exc:
        raise AuditUnavailable("The audit trail could not be written.") from exc
    return event


__all__ = [
    "PEER_SCOPE",
    "AuditUnavailable",
    "Category",
    "in_scope",
    "open_record",
    "own_record",
    "reachable_clients",
    "record_event",
    "record_list",
    "record_summaries",
]
