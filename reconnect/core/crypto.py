"""Field encryption at rest: AES-256-GCM with keys from the environment, rotatable.

RECONNECT_FIELD_KEYS holds one or more keys as `id:base64key` separated by commas; the first one
encrypts, all of them decrypt, so a new key can be put first and old rows re-encrypted with
`reconnect rotate_field_keys` before the old key is dropped. Outside production, a key derived from
SECRET_KEY is used when none is configured.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1"

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

    _TextField = models.TextField[str | Combinable, str]
else:  # Django's fields are generic only to type checkers
    _TextField = models.TextField


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _keyring(raw: str, secret_key: str, production: bool) -> tuple[tuple[str, bytes], ...]:
    if not raw:
        if production:
            raise ImproperlyConfigured("Production needs RECONNECT_FIELD_KEYS for encryption.")
        derived = hashlib.sha256(f"reconnect-field-key:{secret_key}".encode()).digest()
        return (("dev", derived),)
    keys = []
    for part in raw.split(","):
        key_id, _, encoded = part.strip().partition(":")
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured("Each field key must be `id:` plus 32 bytes in base64.")
        keys.append((key_id, key))
    return tuple(keys)


def keyring() -> tuple[tuple[str, bytes], ...]:
    """The configured keys, current one first."""
    return _keyring(settings.FIELD_ENCRYPTION_KEYS, settings.SECRET_KEY, settings.PRODUCTION)


def new_key() -> str:
    """A fresh key, ready to paste into RECONNECT_FIELD_KEYS after an id and a colon."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def encrypt(plaintext: str) -> str:
    key_id, key = keyring()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    try:
        prefix, key_id, body = token.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("Not an encrypted value.") from exc
    if prefix != PREFIX:
        raise DecryptionError("Not an encrypted value.")
    data = base64.urlsafe_b64decode(body)
    for kid, key in keyring():
        if kid == key_id:
            try:
                return AESGCM(key).decrypt(data[:12], data[12:], kid.encode()).decode()
            except InvalidTag as exc:
                raise DecryptionError("The value does not match its key.") from exc
    raise DecryptionError(f"No key with id {key_id!r} is configured.")


def current_key_id() -> str:
    return keyring()[0][0]


class EncryptedTextField(_TextField):
    """A text column stored encrypted; reads and writes plain text in Python."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return None if value is None else ""
        return encrypt(value)
