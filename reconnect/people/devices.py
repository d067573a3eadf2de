"""Remembered browsers (OWASP's "device cookie"), which the account-wide sign-in pause spares.

A browser is remembered once sign-in is complete (after two-factor where it applies): the
cookie carries a random token per account, signed, and only the token's hash is stored. The
same token is never on two browsers, so a copied cookie can be stopped without touching the
others: it counts the wrong passwords presented with it and stops being honoured at
DEVICE_FAILURE_LIMIT, and it ends with a password change, a sign-out elsewhere or a disabled
account.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from reconnect.people.models import (
    DEVICE_FAILURE_LIMIT,
    KnownDevice,
    KnownDeviceQuerySet,
    User,
    hash_token,
)

DEVICE_DAYS = 180
DEVICE_ACCOUNTS = 5  # accounts one browser remembers (a shared family computer)
DEVICE_COOKIE = "__Host-reconnect-device" if settings.SESSION_COOKIE_SECURE else "reconnect-device"
_DEVICE_SALT = "reconnect.lockout.device"


def _cookie_tokens(request: HttpRequest) -> list[str]:
    """The tokens this browser holds (a tampered or expired cookie holds none)."""
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=_DEVICE_SALT, max_age=DEVICE_DAYS * 86400
    )
    return [token for token in (value or "").split(".") if token][:DEVICE_ACCOUNTS]


def _presented(request: HttpRequest, username: str | None) -> KnownDeviceQuerySet:
    hashes = [hash_token(token) for token in _cookie_tokens(request)]
    if not username or not hashes:
        return KnownDevice.objects.none()
    return KnownDevice.objects.filter(user__email=username, token_hash__in=hashes)


def is_known_device(request: HttpRequest, username: str | None) -> bool:
    """Whether this browser finished signing in to this account and is still honoured."""
    return _presented(request, username).honoured().exists()


@transaction.atomic
def count_device_failure(*, request: HttpRequest, username: str | None) -> None:
    """A wrong password presented with this browser's token for the account: one closer to
    the limit, past which the token is revoked."""
    presented = _presented(request, username).filter(revoked_at__isnull=True)
    presented.update(failures=F("failures") + 1)
    presented.filter(failures__gte=DEVICE_FAILURE_LIMIT).update(revoked_at=timezone.now())


@transaction.atomic
def remember_device(*, request: HttpRequest, response: HttpResponse, user: User) -> None:
    """Sign-in is complete on this browser: keep (or start) its token for the account, with
    its failures forgiven, alongside those of the other accounts it remembers."""
    tokens = _cookie_tokens(request)
    hashes = {hash_token(token): token for token in tokens}
    mine = KnownDevice.objects.honoured().filter(user=user, token_hash__in=hashes).first()
    if mine is None:
        token = secrets.token_urlsafe(32)
        KnownDevice.objects.create(user=user, token_hash=hash_token(token))
    else:
        token = hashes[mine.token_hash]
        KnownDevice.objects.filter(pk=mine.pk).update(failures=0, last_used_at=timezone.now())
    others = KnownDevice.objects.filter(token_hash__in=hashes).exclude(user=user)
    kept = set(others.values_list("token_hash", flat=True))
    tokens = [token, *(t for t in tokens if hash_token(t) in kept)][:DEVICE_ACCOUNTS]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        ".".join(tokens),
        salt=_DEVICE_SALT,
        max_age=DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@transaction.atomic
def forget_devices(*, user: User, except_on: HttpRequest | None = None) -> int:
    """Stop honouring every browser this person is remembered on, but for the one making
    `except_on` (signing out here ends the sessions everywhere else, and their tokens)."""
    devices = KnownDevice.objects.filter(user=user, revoked_at__isnull=True)
    if except_on is not None:
        devices = devices.exclude(token_hash__in=[hash_token(t) for t in _cookie_tokens(except_on)])
    return devices.update(revoked_at=timezone.now())
