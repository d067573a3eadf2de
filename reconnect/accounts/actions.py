"""People use cases: add people, form care teams and supervision, tokens, ending sessions."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.accounts.notices import notice_new_member, notice_new_supervisor
from reconnect.core import rows
from reconnect.people.devices import forget_devices
from reconnect.people.models import (
    STAFF_ROLES,
    ApiToken,
    CareTeamMember,
    Client,
    Membership,
    Program,
    RevokedReason,
    Role,
    Supervision,
    User,
    hash_token,
    normalise_name,
)


@transaction.atomic
def add_person(
    *,
    program: Program,
    email: str,
    display_name: str,
    role: str,
    password: str | None = None,
    pronouns: str = "",
    clinician: User | None = None,
    added_by: User | None = None,
) -> User:
    """Create an account with a role in the program (and a client record for a client). Staff
    names are unique in a program, so no new account can pass for a colleague."""
    display_name = normalise_name(display_name)
    if role in STAFF_ROLES and Membership.objects.staff_named(program, display_name).exists():
        raise ValueError("The program already has a staff member with this name.")
    user = User.objects.create_user(email, password, display_name=display_name)
    Membership.objects.create(user=user, program=program, role=role)
    client_id = None
    if role == Role.CLIENT:
        client = Client.objects.create(program=program, user=user, pronouns=pronouns)
        client_id = client.pk
        if clinician is not None:
            CareTeamMember.objects.create(client=client, clinician=clinician)
            if added_by is not None:
                notice_new_member(client, clinician, added_by, email_client=False)
    if added_by is not None:
        record_event(
            actor=added_by,
            client_id=client_id,
            category=Category.ADMINISTRATION,
            action=Action.CREATE,
            detail=f"added user {user.pk} as {role}",
        )
    return user


@transaction.atomic
def assign_clinician(*, client: Client, clinician: User, assigned_by: User | None = None) -> None:
    """Put a clinician, or a peer recovery specialist (in the peer scope the gate keeps), on a
    client's care team (idempotent)."""
    if clinician.role not in (Role.CLINICIAN, Role.PEER):
        raise ValueError("Only clinicians and peer recovery specialists can join a care team.")
    _, created = CareTeamMember.objects.get_or_create(
        client=client, clinician=clinician, defaults={"is_primary": clinician.role != Role.PEER}
    )
    if created and assigned_by is not None:
        record_event(
            actor=assigned_by,
            client_id=client.pk,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail=f"added clinician {clinician.pk} to care team",
        )
        notice_new_member(client, clinician, assigned_by, email_client=True)


@transaction.atomic
def remove_clinician(*, client: Client, clinician: User, removed_by: User) -> None:
    """Take a clinician off a client's care team."""
    deleted, _ = CareTeamMember.objects.filter(client=client, clinician=clinician).delete()
    if deleted:
        record_event(
            actor=removed_by,
            client_id=client.pk,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail=f"removed clinician {clinician.pk} from care team",
        )


@transaction.atomic
def assign_supervisor(
    *, supervisor: User, clinician: User, assigned_by: User | None = None
) -> None:
    """Let a supervisor oversee a clinician's caseload (idempotent). Done by an admin, it is
    told to the clinician's clients, the clinician, their other supervisors and the other
    admins (reconnect/accounts/notices.py)."""
    if supervisor.role != Role.SUPERVISOR or clinician.role != Role.CLINICIAN:
        raise ValueError("A supervisor oversees a clinician.")
    supervision, created = Supervision.objects.get_or_create(
        supervisor=supervisor, clinician=clinician
    )
    if created and assigned_by is not None:
        record_event(
            actor=assigned_by,
            client_id=None,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail=f"supervisor {supervisor.pk} now oversees clinician {clinician.pk}",
        )
        notice_new_supervisor(supervision, assigned_by)


def end_all_sessions(user: User) -> None:
    """Invalidate every session this person has, on every device."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@transaction.atomic
def disable_account(*, user: User, disabled_by: User) -> None:
    """Stop an account from signing in or using the API; its sessions end at once."""
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_generation=F("session_generation") + 1
    )
    revoke_all_api_tokens(user=user, reason=RevokedReason.ACCOUNT_DISABLED)
    forget_devices(user=user)
    record_event(
        actor=disabled_by,
        client_id=None,
        category=Category.ADMINISTRATION,
        action=Action.ACCOUNT_DISABLED,
        detail=f"disabled user {user.pk}",
    )


class TokenRefused(ValueError):
    """A token that this person may not have (a lifetime beyond their maximum)."""


def token_days_allowed(user: User) -> int:
    """The longest a token of this person's may last: staff have a shorter limit (#18)."""
    limits = settings.RECONNECT
    if user.is_program_staff:
        return min(limits["TOKEN_DAYS"], limits["STAFF_TOKEN_DAYS"])
    return limits["TOKEN_DAYS"]


@transaction.atomic
def create_api_token(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal access token lasting `days` (default: the longest this person may
    have); the raw value is returned once and never stored."""
    allowed = token_days_allowed(user)
    days = allowed if days is None else days
    if not 1 <= days <= allowed:
        raise TokenRefused(f"A token for this account can last at most {allowed} days.")
    raw = ApiToken.generate()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        token_hash=hash_token(raw),
        hint=raw[:8],
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    record_event(
        actor=user,
        client_id=None,
        category=Category.SECURITY,
        action=Action.TOKEN_CREATED,
        detail=f"token {token.pk} for {days} days",
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, revoked_by: User) -> None:
    """Revoke a token at once (idempotent)."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=RevokedReason.BY_HOLDER
    )
    if updated:
        record_event(
            actor=revoked_by,
            client_id=None,
            category=Category.SECURITY,
            action=Action.TOKEN_REVOKED,
            detail=f"token {token.pk}",
        )


@transaction.atomic
def revoke_all_api_tokens(*, user: User, reason: str) -> int:
    """End every token this person has (a password change or reset, a disabled account)."""
    ended = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    if ended:
        record_event(
            actor=None,
            client_id=None,
            category=Category.SECURITY,
            action=Action.TOKEN_REVOKED,
            detail=f"{ended} tokens of user {user.pk}: {reason}",
        )
    return ended


@lru_cache(maxsize=1)
def _token_query() -> str:
    """SQL selecting a token's user and client record (the models do not change while the
    process runs)."""
    return (
        f"SELECT {rows.columns(User, 'u')}, t.id, t.last_used_at, t.expires_at, "  # noqa: S608 (column names come from the models)
        f"{rows.columns(Client, 'c')} "
        "FROM people_user u JOIN people_apitoken t ON t.user_id = u.id "
        "LEFT JOIN people_client c ON c.user_id = u.id "
        "WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active"
    )


class TokenExpired(Exception):
    """The token is genuine but past its expiry date."""


def authenticate_token(raw: str) -> User | None:
    """The active user a raw API token belongs to (with their client record), or None; raises
    TokenExpired for a token past its date. The user carries `api_token_id` for rate limits.

    This runs on every API request, so it is one hand-written query rather than the ORM's
    three-table join: measured at about a seventh of the cost (see bench/bench_checkin.py).
    """
    if not raw.startswith("rct_") or len(raw) > 100:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_token_query(), [hash_token(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(User._meta.concrete_fields)
    token_id, last_used, expires = row[count], row[count + 1], row[count + 2]
    stamps = [ApiToken._meta.get_field("last_used_at"), ApiToken._meta.get_field("expires_at")]
    last_used, expires = rows.to_python(stamps, (last_used, expires))
    now = timezone.now()
    if expires <= now:
        raise TokenExpired
    user = rows.from_row(User, row[:count])
    user.api_token_id = token_id  # type: ignore[attr-defined]
    client_row = row[count + 3 :]
    if client_row[0] is not None:
        client = rows.from_row(Client, client_row)
        client.user = user
        user._state.fields_cache["client"] = client
    if last_used is None or (now - last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user
