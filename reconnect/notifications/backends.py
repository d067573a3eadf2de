"""Where texts go: the embedded outbox (nothing leaves the machine) or Twilio.

RECONNECT_SMS_BACKEND chooses: "outbox" (the default) keeps every text in the OutboundText
table for a program admin to read at /program/outbox/; "twilio" sends through the official
library with the account from the environment. TWILIO_API_BASE points the library at another
host (a loopback fake in the tests, a staging proxy), so the real library code runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from requests import RequestException
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

TWILIO_HOST = "https://api.twilio.com"
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Accepted:
    """The provider took the text: its id (empty for the outbox) and first status."""

    sid: str
    status: str


class SendFailed(Exception):
    """The provider refused the text or could not be reached; `code` says why (no content)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str, status_callback: str) -> Accepted: ...


class OutboxBackend:
    """The embedded default: the OutboundText row is the whole of the sending."""

    def send(self, *, to: str, body: str, status_callback: str) -> Accepted:
        return Accepted(sid="", status="queued")


# twilio ships no type information (no py.typed), so its classes are Any to mypy.
class LoopbackHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """The library's own HTTP client, sending to `base` instead of api.twilio.com."""

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_HOST):
            url = self.base + url[len(TWILIO_HOST) :]
        return super().request(method, url, *args, **kwargs)


class TwilioBackend:
    def __init__(self, *, account_sid: str, auth_token: str, sender: str, api_base: str) -> None:
        if not (account_sid and auth_token and sender):
            raise ImproperlyConfigured(
                "The twilio text backend needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                "TWILIO_FROM_NUMBER."
            )
        http = (
            LoopbackHttpClient(api_base, timeout=TIMEOUT_SECONDS)
            if api_base
            else TwilioHttpClient(timeout=TIMEOUT_SECONDS)
        )
        self.client = TwilioClient(account_sid, auth_token, http_client=http)
        self.sender = sender

    def send(self, *, to: str, body: str, status_callback: str) -> Accepted:
        extra = {"status_callback": status_callback} if status_callback else {}
        try:
            message = self.client.messages.create(to=to, from_=self.sender, body=body, **extra)
        except TwilioRestException as exc:
            raise SendFailed(str(exc.code or exc.status)) from None
        except (TwilioException, RequestException) as exc:
            raise SendFailed(type(exc).__name__) from None
        status = str(message.status or "queued")
        return Accepted(sid=str(message.sid), status="queued" if status == "accepted" else status)


def get_backend() -> SmsBackend:
    name = settings.RECONNECT["SMS_BACKEND"]
    if name == "outbox":
        return OutboxBackend()
    if name == "twilio":
        return TwilioBackend(
            account_sid=settings.TWILIO_ACCOUNT_SID,
            auth_token=settings.TWILIO_AUTH_TOKEN,
            sender=settings.TWILIO_FROM_NUMBER,
            api_base=settings.TWILIO_API_BASE,
        )
    raise ImproperlyConfigured(f"RECONNECT_SMS_BACKEND must be outbox or twilio, not {name!r}.")
