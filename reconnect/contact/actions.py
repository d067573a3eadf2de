"""Writes: a client's contact details (by them, or a clinician with them), and STOP/START."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from reconnect.contact import phones
from reconnect.contact.models import (
    BEST_TIMES_MAX_LENGTH,
    STOP_REASON,
    Channel,
    ContactDetails,
)
from reconnect.core.input import InvalidInput
from reconnect.people.models import Client, User

CANNOT_TEXT = "That doesn't look like a number we can text."
NOT_A_PHONE = (
    "That doesn't look like a phone number. Please include the area code, like 202-555-0142."
)


@transaction.atomic
def save_contact_details(
    *,
    client: Client,
    by: User,
    phone: str = "",
    email: str = "",
    preferred_channel: str = Channel.IN_APP,
    ok_voicemail: bool = False,
    ok_text: bool = False,
    ok_email: bool = False,
    others_may_see: bool = False,
    discreet: bool = False,
    best_times: str = "",
) -> tuple[ContactDetails, bool]:
    """Store the client's contact details and choices; returns (details, whether anything changed).

    Bad input raises InvalidInput and changes nothing; saving the same answers again (a double
    submit) writes nothing. A new phone number starts with texts on: STOP belongs to a number.
    """
    values: dict[str, Any] = {
        "phone": _phone(phone, wants_texts=ok_text),
        "email": _email(email),
        "preferred_channel": _channel(preferred_channel),
        "ok_voicemail": ok_voicemail,
        "ok_text": ok_text,
        "ok_email": ok_email,
        "others_may_see": others_may_see,
        "discreet": discreet,
        "best_times": _best_times(best_times),
    }
    _check_preferred(values)
    return _store(client=client, by=by, values=values)


def _store(*, client: Client, by: User, values: dict[str, Any]) -> tuple[ContactDetails, bool]:
    details = ContactDetails.objects.select_for_update().filter(client=client).first()
    if details is None:
        details = ContactDetails(client=client)
    elif all(_stored(details, field) == value for field, value in values.items()):
        return details, False
    if details.pk is not None and details.phone_e164 != values["phone"]:
        details.texts_stopped_at, details.texts_stopped_reason = None, ""
    for field, value in values.items():
        setattr(details, field, value)
    details.updated_at = timezone.now()
    details.updated_by, details.updated_by_role = by, by.role or ""
    details.save()
    return details, True


def _stored(details: ContactDetails, field: str) -> object:
    return details.phone_e164 if field == "phone" else getattr(details, field)


@transaction.atomic
def stop_texts(*, phone: str, reason: str = STOP_REASON) -> int:
    """No more texts to this number (it replied STOP); returns how many clients gave it."""
    number = phones.parse(phone)
    if number is None:
        return 0
    return (
        ContactDetails.objects.for_phone(phones.e164(number))
        .filter(texts_stopped_at__isnull=True)
        .update(texts_stopped_at=timezone.now(), texts_stopped_reason=reason[:40])
    )


@transaction.atomic
def resume_texts(*, phone: str) -> int:
    """Texts may go to this number again (it replied START); returns how many clients gave it."""
    number = phones.parse(phone)
    if number is None:
        return 0
    return (
        ContactDetails.objects.for_phone(phones.e164(number))
        .filter(texts_stopped_at__isnull=False)
        .update(texts_stopped_at=None, texts_stopped_reason="")
    )


def _phone(raw: str, *, wants_texts: bool) -> str:
    raw = (raw or "").strip()
    if not raw:
        if wants_texts:
            raise InvalidInput("phone", "To get texts, please add a number we can text.")
        return ""
    number = phones.parse(raw)
    if number is None:
        raise InvalidInput("phone", CANNOT_TEXT if wants_texts else NOT_A_PHONE)
    if wants_texts and not phones.can_text(number):
        raise InvalidInput("phone", CANNOT_TEXT)
    return phones.e164(number)


def _email(raw: str) -> str:
    raw = (raw or "").strip()
    if raw:
        try:
            validate_email(raw)
        except ValidationError as error:
            raise InvalidInput("email", "That doesn't look like an email address.") from error
    return raw


def _channel(value: str) -> str:
    if value not in Channel.values:
        raise InvalidInput(
            "preferred_channel",
            "Please choose one of the ways offered: a text, a call, an email, or messages "
            "in the app only.",
        )
    return value


def _best_times(raw: str) -> str:
    raw = " ".join((raw or "").split())
    if len(raw) > BEST_TIMES_MAX_LENGTH:
        raise InvalidInput(
            "best_times", f"Please keep this to {BEST_TIMES_MAX_LENGTH} characters or fewer."
        )
    return raw


def _check_preferred(values: dict[str, Any]) -> None:
    """The preferred way has to be one the choices allow."""
    channel = values["preferred_channel"]
    if channel == Channel.TEXT and not values["ok_text"]:
        raise InvalidInput(
            "ok_text", "You chose texts as the best way: please also tick “It's OK to text me”."
        )
    if channel == Channel.CALL and not values["phone"]:
        raise InvalidInput("phone", "To be reached by phone, please add your number.")
    if channel == Channel.EMAIL and not values["ok_email"]:
        raise InvalidInput(
            "ok_email", "You chose email as the best way: please also tick “It's OK to email me”."
        )
