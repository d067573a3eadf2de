"""How a client may be reached: phone, email, preferred channel, and their safe-contact choices."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from reconnect.contact import phones
from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client, User

BEST_TIMES_MAX_LENGTH = 120
STOP_REASON = "replied STOP"


class Channel(models.TextChoices):
    """The way the client would most like to be reached."""

    TEXT = "text", "A text message"
    CALL = "call", "A phone call"
    EMAIL = "email", "An email"
    IN_APP = "in_app", "Messages in the app only"


class ContactDetailsQuerySet(models.QuerySet["ContactDetails"]):
    def for_client(self, client: Client) -> ContactDetailsQuerySet:
        return self.filter(client=client)

    def for_clients(self, client_ids: Iterable[int]) -> ContactDetailsQuerySet:
        """Several clients' details in one query, with the account email a blank email falls
        back to."""
        return self.filter(client_id__in=list(client_ids)).select_related("client__user")

    def for_phone(self, e164: str) -> ContactDetailsQuerySet:
        """Everyone who gave this number (a shared family phone is more than one client)."""
        return self.filter(phone=e164)


class ContactDetails(models.Model):
    """One client's contact details and safe-contact choices; the client chooses every flag."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="contact_details")
    phone = PhoneNumberField(blank=True, region=phones.REGION, db_index=True)
    email = models.EmailField(blank=True)  # blank: the account's email
    preferred_channel = models.CharField(
        max_length=16, choices=Channel.choices, default=Channel.IN_APP
    )
    ok_voicemail = models.BooleanField(default=False)
    ok_text = models.BooleanField(default=False)
    ok_email = models.BooleanField(default=False)
    # "Someone else may see my messages": every notification is then discreet.
    others_may_see = models.BooleanField(default=False)
    # "Someone may look at my phone": Reconnect then shows itself as "Journal", with a plain icon
    # and neutral page titles, on every device the client signs in on (core/appearance.py).
    discreet = models.BooleanField(default=False)
    best_times = EncryptedTextField(blank=True, default="")
    texts_stopped_at = models.DateTimeField(null=True, blank=True)
    texts_stopped_reason = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by_role = models.CharField(max_length=16, blank=True)

    objects = ContactDetailsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "contact details"
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_channel__in=Channel.values), name="contact_known_channel"
            ),
            models.CheckConstraint(
                condition=Q(ok_text=False) | ~Q(phone=""), name="contact_texts_need_a_phone"
            ),
        ]

    def __str__(self) -> str:
        return f"contact details {self.pk}"

    @property
    def phone_e164(self) -> str:
        """The stored number (+12025550142), or "" when none was given."""
        return str(self.phone) if self.phone else ""

    @property
    def email_to_use(self) -> str:
        return self.email or self.client.user.email

    @property
    def texts_stopped(self) -> bool:
        return self.texts_stopped_at is not None

    @property
    def can_be_texted(self) -> bool:
        """The client said texts are fine, and the number has not replied STOP since."""
        return self.ok_text and bool(self.phone) and not self.texts_stopped
