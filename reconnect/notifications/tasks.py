"""Background work for notifications, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from reconnect.notifications.delivery import deliver


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send one notification that is due; False when it was already sent or is not due."""
    return deliver(notification_id=notification_id)
