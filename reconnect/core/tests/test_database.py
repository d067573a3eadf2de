"""SQLite durability settings are asserted on every connection (security-reference #29)."""

from __future__ import annotations

import sqlite3

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from reconnect.core.checks import sqlite_durability
from reconnect.core.db import UnsafeDatabaseSettings, sqlite_pragmas, sqlite_problems


def file_database(tmp_path, **options):
    config = dict(settings.DATABASES["default"])
    config.update(
        ENGINE="django.db.backends.sqlite3",
        NAME=str(tmp_path / "check.sqlite3"),
        OPTIONS={**settings.SQLITE_OPTIONS, **options},
        CONN_MAX_AGE=0,
        CONN_HEALTH_CHECKS=False,
        ATOMIC_REQUESTS=False,
        AUTOCOMMIT=True,
        TIME_ZONE=None,
        TEST={},
    )
    return DatabaseWrapper(config, alias="durability-check")


@pytest.mark.django_db
def test_a_file_database_has_wal_full_sync_foreign_keys_secure_delete_and_busy_timeout(tmp_path):
    wrapper = file_database(tmp_path)
    wrapper.ensure_connection()
    assert sqlite_pragmas(wrapper) == {
        "journal_mode": "wal",
        "synchronous": "2",
        "foreign_keys": "1",
        "secure_delete": "1",
        "busy_timeout": "20000",
    }
    assert wrapper.transaction_mode == "IMMEDIATE"
    wrapper.close()


@pytest.mark.django_db
def test_a_connection_without_the_durable_settings_is_refused(tmp_path):
    wrapper = file_database(tmp_path, init_command="PRAGMA synchronous=NORMAL;")
    with pytest.raises(UnsafeDatabaseSettings, match="synchronous"):
        wrapper.ensure_connection()


def test_problems_name_each_wrong_setting():
    problems = sqlite_problems(
        {
            "journal_mode": "delete",
            "synchronous": "1",
            "foreign_keys": "0",
            "secure_delete": "0",
            "busy_timeout": "5",
        }
    )
    assert len(problems) == 5


def test_the_system_check_flags_missing_options(settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    assert sqlite_durability() == []
    settings.DATABASES = {"default": {**settings.DATABASES["default"], "OPTIONS": {"timeout": 5}}}
    ids = {error.id for error in sqlite_durability()}
    assert ids == {"reconnect.E001", "reconnect.E002", "reconnect.E003"}


def test_sqlite_library_supports_wal():
    assert sqlite3.sqlite_version_info >= (3, 35)
