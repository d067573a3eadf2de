"""Backups and restores, run as a person would, against a real database file (or a fresh
PostgreSQL database): the drill finds nothing different; a damaged backup is caught."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import time

import pytest
from django.core.management import CommandError, call_command

from proof.scorecard import record_figure
from tests.children import database_for, run_reconnect


@pytest.fixture(scope="module")
def live_env():
    """A migrated database with the demo program in it (on SQLite, with one backup of it), made
    once per test run."""
    if os.environ.get("DATABASE_URL"):
        return database_for("drill", ["seed_demo"])
    return database_for("drill", ["seed_demo"], ["backup", "{var}/pristine.db"])


@pytest.fixture
def sqlite_backup(request, tmp_path):
    """A copy of the demo database's backup (with its manifest), for a test to change."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("SQLite backups are files")
    live_env = request.getfixturevalue("live_env")
    pristine = f"{live_env['RECONNECT_VAR_DIR']}/pristine.db"
    shutil.copy(f"{pristine}.manifest.json", tmp_path / "b.db.manifest.json")
    return shutil.copy(pristine, tmp_path / "b.db")


def test_the_restore_drill_finds_no_difference(live_env):
    started = time.monotonic()
    result = run_reconnect("restore_drill", env=live_env, timeout=300)
    record_figure(
        "15_restore_drill",
        drills_run=1,
        drills_passed=int(result.returncode == 0 and "differences: 0" in result.stdout),
        rto_s=round(time.monotonic() - started, 1),
        differences=0 if "differences: 0" in result.stdout else result.stdout[-200:],
    )
    assert result.returncode == 0, result.stderr
    assert "differences: 0" in result.stdout


def test_a_damaged_backup_is_caught_on_restore(sqlite_backup, tmp_path):
    with sqlite3.connect(sqlite_backup) as db:
        db.execute("DELETE FROM journal_checkin WHERE id = (SELECT MIN(id) FROM journal_checkin)")
    db.close()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="differ"):  # `reconnect restore` exits 1
        call_command("restore", str(sqlite_backup), into=str(tmp_path / "r.db"), stderr=stderr)
    assert "journal_checkin" in stderr.getvalue()


def test_restoring_over_an_existing_database_file_is_refused(sqlite_backup, tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_text("")
    with pytest.raises(CommandError, match="fresh file"):  # `reconnect restore` exits 1
        call_command("restore", str(sqlite_backup), into=str(existing))
    assert existing.read_text() == ""
