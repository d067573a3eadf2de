"""Database-level guard: audit rows cannot be updated or deleted (security-reference #12)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER access_event_no_delete BEFORE DELETE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS access_event_no_update;",
    "DROP TRIGGER IF EXISTS access_event_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION access_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER access_event_no_change BEFORE UPDATE OR DELETE ON access_accessevent
       FOR EACH ROW EXECUTE FUNCTION access_event_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS access_event_no_change ON access_accessevent;",
    "DROP FUNCTION IF EXISTS access_event_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
