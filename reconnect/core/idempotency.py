"""Client submissions stored exactly once per request id, however often they are sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

from reconnect.core.input import IdempotencyConflict, InvalidInput

M = TypeVar("M", bound=models.Model)
MAX_REQUEST_ID = 64


def clean_request_id(value: str | None) -> str:
    """The client's request id, trimmed; 1 to 64 characters or InvalidInput."""
    value = (value or "").strip()
    if not value or len(value) > MAX_REQUEST_ID:
        raise InvalidInput(
            "client_request_id", f"A request id of 1 to {MAX_REQUEST_ID} characters is needed."
        )
    return value


def optional_request_id(value: str) -> str:
    """A request id where one may be left out: none is "" (no replay protection asked for);
    one given is cleaned as above, so a blank one is refused rather than taken as none."""
    return clean_request_id(value) if value else ""


def create_once(
    *,
    create: Callable[[], M],
    existing: Callable[[], models.QuerySet[M]],
    same: Callable[[M], bool],
) -> tuple[M, bool]:
    """Run `create` at most once per natural key; a replay returns the first row.

    `existing` builds the query that finds the row a replay would have stored (e.g. this
    client's rows with this request id; built only on a replay, as building it costs more than
    the insert's own statement), and a unique constraint on that key is what makes this safe:
    the insert is tried first (the common case) inside a savepoint, and a concurrent or repeated
    submission fails it with an IntegrityError, rolled back to the savepoint, so the surrounding
    transaction stays usable (PostgreSQL aborts a transaction on any failed statement).
    A replay whose body differs (`same` is false) raises IdempotencyConflict.

    This is the use case's transaction: callers validate before it and do not wrap it, so the
    common path is one BEGIN … COMMIT with no savepoint, and everything `create` writes
    commits or rolls back together.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        first = existing().first()
        if first is None:  # some other constraint failed: not a replay
            raise
    if not same(first):
        raise IdempotencyConflict()
    return first, False
