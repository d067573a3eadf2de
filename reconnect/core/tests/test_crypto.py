"""Field encryption: AES-GCM, authenticated, with rotation between keys."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from reconnect.core import crypto
from reconnect.core.crypto import DecryptionError, decrypt, encrypt

KEY_A = "a:" + crypto.new_key()
KEY_B = "b:" + crypto.new_key()


def test_a_value_round_trips_and_is_different_every_time(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    one, two = encrypt("hello"), encrypt("hello")
    assert one != two and "hello" not in one
    assert decrypt(one) == decrypt(two) == "hello"


def test_the_wrong_key_fails(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    token = encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = "a:" + crypto.new_key()
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_a_tampered_value_fails(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    token = encrypt("secret")
    with pytest.raises(DecryptionError):
        decrypt(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))


@pytest.mark.django_db
def test_rotation_re_encrypts_old_rows_with_the_new_key(settings, casey):
    from reconnect.journal.actions import record_checkin
    from reconnect.journal.models import CheckIn

    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    record_checkin(client=casey.client, state="settled", note="rotate me", client_request_id="r")
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    call_command("rotate_field_keys")
    settings.FIELD_ENCRYPTION_KEYS = KEY_B
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM journal_checkin")
        assert cursor.fetchone()[0].startswith("enc1:b:")
    assert CheckIn.objects.get().note == "rotate me"
