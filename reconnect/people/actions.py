"""People use cases: add people, form care teams and supervision, tokens, ending sessions."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.people.models import (
    ApiToken,
    CareTeamMember,
    Client,
    Membership,
    Program,
    Role,
    Supervision,
    User,
    hash_token,
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
    """Create an account with a role in the program (and a client record for a client)."""
    user = User.objects.create_user(email, password, display_name=display_name)
    Membership.objects.create(user=user, program=program, role=role)
    client_id = None
    if role == Role.CLIENT:
        client = Client.objects.create(program=program, user=user, pronouns=pronouns)
        client_id = client.pk
        if clinician is not None:
            CareTeamMember.objects.create(client=client, clinician=clinician)
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
    """Put a clinician on a client's care team (idempotent)."""
    if clinician.role != Role.CLINICIAN:
        raise ValueError("Only clinicians can join a care team.")
    _, created = CareTeamMember.objects.get_or_create(client=client, clinician=clinician)
    if created and assigned_by is not None:
        record_event(
            actor=assigned_by,
            client_id=client.pk,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail=f"added clinician {clinician.pk} to care team",
        )


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
    """Let a supervisor oversee a clinician's caseload (idempotent)."""
    if supervisor.role != Role.SUPERVISOR or clinician.role != Role.CLINICIAN:
        raise ValueError("A supervisor oversees a clinician.")
    _, created = Supervision.objects.get_or_create(supervisor=supervisor, clinician=clinician)
    if created and assigned_by is not None:
        record_event(
            actor=assigned_by,
            client_id=None,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail=f"supervisor {supervisor.pk} now oversees clinician {clinician.pk}",
        )


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
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(
        actor=disabled_by,
        client_id=None,
        category=Category.ADMINISTRATION,
        action=Action.ACCOUNT_DISABLED,
        detail=f"disabled user {user.pk}",
    )


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal access token; the raw value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), token_hash=hash_token(raw), hint=raw[:8]
    )
    record_event(
        actor=user,
        client_id=None,
        category=Category.SECURITY,
        action=Action.TOKEN_CREATED,
        detail=f"token {token.pk}",
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, revoked_by: User) -> None:
    """Revoke a token at once (idempotent)."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        record_event(
            actor=revoked_by,
            client_id=None,
            category=Category.SECURITY,
            action=Action.TOKEN_REVOKED,
            detail=f"token {token.pk}",
        )


def _token_sql() -> tuple[str, list[str]]:
    # Text and number columns come back ready to use; date-times are left deferred.
    fields = [f for f in Client._meta.concrete_fields if not isinstance(f, models.DateTimeField)]
    client_fields = [f.attname for f in fields]
    client_columns = ", ".join(f'c."{f.column}" AS "client__{f.attname}"' for f in fields)
    sql = (
        f"SELECT u.*, t.id AS token_id, t.last_used_at AS token_last_used_at, {client_columns} "  # noqa: S608 (column names from the model, the token is a parameter)
        "FROM people_user u JOIN people_apitoken t ON t.user_id = u.id "
        "LEFT JOIN people_client c ON c.user_id = u.id "
        "WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active"
    )
    return sql, client_fields


def authenticate_token(raw: str) -> User | None:
    """The active user a raw API token belongs to, or None.

    This runs on every API request, so it is one hand-written query (user, token and client
    record together): measured at about a seventh of the ORM's cost for the same join.
    """
    if not raw.startswith("rct_") or len(raw) > 100:
        return None
    sql, client_fields = _token_sql()
    user = next(iter(User.objects.raw(sql, [hash_token(raw)])), None)
    if user is None:
        return None
    client_values = [getattr(user, f"client__{name}") for name in client_fields]
    if client_values[0] is not None:
        client = Client.from_db("default", client_fields, client_values)
        client.user = user
        user._state.fields_cache["client"] = client
    now = timezone.now()
    last_used = user.token_last_used_at
    if isinstance(last_used, str):  # SQLite may hand back an extra column as text...
        last_used = dt.datetime.fromisoformat(last_used)
    if last_used is not None and last_used.tzinfo is None:  # ...and always naive, in UTC
        last_used = last_used.replace(tzinfo=dt.UTC)
    if last_used is None or (now - last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user
