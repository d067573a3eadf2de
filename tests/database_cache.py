"""The migrated SQLite test database, kept between `make check` runs.

Creating the test database runs every migration, seconds of CPU in each pytest process. With
RECONNECT_TEST_DB_CACHE set (`make check` sets it), the first run keeps the migrated database in
a file named by a hash of what shapes it: every installed app's migrations, the settings, the
field types the migrations name, the locked requirements and the Django and SQLite versions.
Later runs copy that file into the in-memory test database instead of migrating. `make test` and
CI always migrate from scratch, so a migration that fails on an empty database still fails there.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(tempfile.gettempdir()) / f"reconnect-test-databases-{os.getuid()}"
SHAPES = ["config/settings.py", "reconnect/core/crypto.py", "requirements.lock"]
KEEP = 4


def _key() -> str:
    digest = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        digest.update(app.label.encode())
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    for name in SHAPES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:20]


def set_up(**arguments) -> Callable[[], None]:
    """Make the test database (from the kept copy when there is one); return its teardown."""
    kept = FOLDER / f"{_key()}.sqlite3"
    wanted = connection.alias in arguments["aliases"] and not arguments["serialized_aliases"]
    if connection.vendor != "sqlite" or not wanted:
        made = setup_databases(**arguments)
        return lambda: teardown_databases(made, verbosity=0)
    if not kept.exists():
        made = setup_databases(**arguments)
        _keep(kept)
        return lambda: teardown_databases(made, verbosity=0)
    real_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(kept)
    source.backup(connection.connection)
    source.close()
    return lambda: connection.creation.destroy_test_db(real_name, verbosity=0)


def _keep(kept: Path) -> None:
    FOLDER.mkdir(mode=0o700, exist_ok=True)
    connection.ensure_connection()
    partial = kept.with_suffix(f".{os.getpid()}.partial")
    copy = sqlite3.connect(partial)
    connection.connection.backup(copy)
    copy.close()
    partial.replace(kept)  # whole or not at all, whichever worker finishes last
    for old in sorted(FOLDER.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        old.unlink(missing_ok=True)
