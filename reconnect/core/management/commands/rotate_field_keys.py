"""`reconnect rotate_field_keys`: re-encrypt every encrypted field with the current (first) key."""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from reconnect.core.crypto import PREFIX, EncryptedTextField, current_key_id


def stale_rows(model: Any, field: Any, current_prefix: str) -> list[Any]:
    """Primary keys whose stored value was encrypted with an older key."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {field.column} FROM {table}")  # noqa: S608 (names from models)
        return [key for key, raw in cursor.fetchall() if raw and not raw.startswith(current_prefix)]


class Command(BaseCommand):
    help = (
        "Re-encrypt encrypted fields with the first key in RECONNECT_FIELD_KEYS. Put the new key "
        "first, keep the old one after it, run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        current = f"{PREFIX}:{current_key_id()}:"
        total = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField):
                    continue
                for key in stale_rows(model, field, current):
                    with transaction.atomic():
                        obj = model._default_manager.select_for_update().get(pk=key)
                        obj.save(update_fields=[field.name])
                    total += 1
        self.stdout.write(f"{total} value(s) re-encrypted with key {current_key_id()!r}.")
