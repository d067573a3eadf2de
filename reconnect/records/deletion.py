"""Deleting a client's account and all their content, keeping only a content-free record.

The audit trail stays (ids, times, categories, never content), as the accounting of access
must be kept for six years; everything the client or their care team wrote goes.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.groups.actions import tombstone_posts_of
from reconnect.people.models import Client, User
from reconnect.records.models import DeletionRecord


@transaction.atomic
def delete_account(*, client: Client, requested_by: User, reason: str) -> DeletionRecord:
    """Remove the account and every row of the record; return the proof of deletion."""
    user = client.user
    client_id, role = client.pk, requested_by.role or ""
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()
    # Their peer-group posts keep their place in each thread as tombstones, without content.
    tombstone_posts_of(client)
    _, removed = user.delete()
    counts = {label.lower(): n for label, n in sorted(removed.items()) if n}
    record = DeletionRecord.objects.create(
        client_ref=client_id, requested_by_role=role, rows_removed=counts, reason=reason[:40]
    )
    record_event(
        actor=None,
        actor_role=role,
        client_id=client_id,
        category=Category.RECORD,
        action=Action.ACCOUNT_DELETED,
        detail=f"deletion {record.pk}: {sum(counts.values())} rows removed",
    )
    return record
