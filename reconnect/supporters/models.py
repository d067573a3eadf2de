"""Invitations, the link between a client and a supporter, and encouragement messages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from reconnect.people.models import Client, User

# Joining emails one invitation link can ask for: enough for a typo or two, too few to probe
# whose email is already in Reconnect.
JOIN_TRIES = 5
# Open invitation links one client may hold at once: each can send joining emails to addresses
# its holder chooses, so an unused one should be cancelled rather than left to pile up.
OPEN_INVITATIONS = 10


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(
            used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring link a client gives to someone they want as a supporter."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Every submission of the joining form, valid or not; at JOIN_TRIES the link sends no more.
    join_tries = models.PositiveSmallIntegerField(default=0)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @property
    def is_open(self) -> bool:
        return (
            self.used_at is None and self.cancelled_at is None and self.expires_at > timezone.now()
        )

    @property
    def is_locked(self) -> bool:
        """Tried too often: no more joining emails (links already emailed still work)."""
        return self.join_tries >= JOIN_TRIES


class JoinRequest(models.Model):
    """Someone with an invitation link asked to join with this email; the email finishes it.

    The same answer and the same kind of email go out whether or not the address already has
    an account, so the invitation link cannot tell who is in Reconnect.
    """

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="join_requests"
    )
    email = models.EmailField()
    display_name = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"join request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now() and self.invitation.is_open


class SupporterLinkQuerySet(models.QuerySet["SupporterLink"]):
    def current(self) -> SupporterLinkQuerySet:
        return self.filter(removed_at__isnull=True)


class SupporterLink(models.Model):
    """A supporter the client accepted; removing it ends every consent given to them."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="supporters")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supporting")
    # The link this supporter joined through, so the client sees who used which invitation.
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    created_at = models.DateTimeField(default=timezone.now)
    muted = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = SupporterLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "supporter"],
                condition=models.Q(removed_at__isnull=True),
                name="one_current_link_per_supporter",
            )
        ]

    def __str__(self) -> str:
        return f"supporter {self.supporter_id} of client {self.client_id}"

    @property
    def masked_email(self) -> str:
        """Enough of the supporter's address for the client to recognise it: m…@example.org."""
        local, _, domain = self.supporter.email.partition("@")
        return f"{local[:1]}…@{domain}" if domain else f"{local[:1]}…"


class Encouragement(models.Model):
    """A short message from a supporter to the client."""

    link = models.ForeignKey(SupporterLink, on_delete=models.CASCADE, related_name="messages")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="encouragements")
    message = models.CharField(max_length=280)
    client_request_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "client_request_id"], name="one_message_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.client_id = self.link.client_id
        super().save(*args, **kwargs)
