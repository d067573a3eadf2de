"""Backups and restores, run as a person would, against a real database file (or a fresh
PostgreSQL database): the drill finds nothing different; a damaged backup is caught."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from conftest import run_reconnect
from proof.scorecard import record_figure


@pytest.fixture(scope="module")
def live_env(tmp_path_factory):
    """A migrated database with the demo program in it."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(RECONNECT_ENV="development", RECONNECT_VAR_DIR=str(tmp_path_factory.mktemp("var")))
    if os.environ.get("DATABASE_URL"):
        from proof.server import fresh_postgres

        env["DATABASE_URL"] = fresh_postgres(os.environ["DATABASE_URL"], "drill")
    for args in (("migrate", "--noinput"), ("seed_demo",)):
        result = run_reconnect(*args, env=env, timeout=300)
        assert result.returncode == 0, result.stderr
    return env


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


def test_a_damaged_backup_is_caught_on_restore(live_env, tmp_path):
    if "DATABASE_URL" in live_env:
        pytest.skip("edits a SQLite backup file directly")
    backup = tmp_path / "b.db"
    assert run_reconnect("backup", str(backup), env=live_env).returncode == 0
    with sqlite3.connect(backup) as db:
        db.execute("DELETE FROM journal_checkin WHERE id = (SELECT MIN(id) FROM journal_checkin)")
    result = run_reconnect("restore", str(backup), "--into", str(tmp_path / "r.db"), env=live_env)
    assert result.returncode == 1
    assert "journal_checkin" in result.stderr


def test_restoring_over_an_existing_database_file_is_refused(live_env, tmp_path):
    if "DATABASE_URL" in live_env:
        pytest.skip("SQLite restores into files")
    backup, existing = tmp_path / "b.db", tmp_path / "exists.db"
    existing.write_text("")
    assert run_reconnect("backup", str(backup), env=live_env).returncode == 0
    result = run_reconnect("restore", str(backup), "--into", str(existing), env=live_env)
    assert result.returncode == 1 and "fresh file" in result.stderr
