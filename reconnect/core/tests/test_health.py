"""/healthz: for the proxy and monitoring, without a sign-in, a host name or any personal data."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reconnect.core import health

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def backups(settings, tmp_path):
    settings.RECONNECT = {**settings.RECONNECT, "BACKUP_DIR": tmp_path}
    health._migrated = False
    return tmp_path


def a_backup(folder, hours_ago: float = 1) -> None:
    dump = folder / "reconnect-20261127T020000Z.sqlite3"
    dump.write_bytes(b"backup")
    manifest = folder / f"{dump.name}.manifest.json"
    manifest.write_text("{}")
    when = timezone.now().timestamp() - hours_ago * 3600
    os.utime(manifest, (when, when))


def probe(**extra):
    return HttpClient().get("/healthz", **extra)


def test_a_healthy_service_answers_200_with_every_check_passing(backups, settings):
    settings.TASKS = DB_TASKS
    a_backup(backups)
    response = probe()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "migrations", "task_queue", "backup"}
    assert body["checks"]["task_queue"]["oldest_ready_seconds"] == 0
    assert reverse("core:healthz") == "/healthz"


def test_a_fresh_install_without_a_backup_yet_keeps_serving_and_says_it_is_degraded(backups):
    response = probe()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["failing"] == ["backup"]
    assert body["checks"]["backup"] == {"ok": False, "detail": "no backup yet"}


def test_a_backup_older_than_a_day_fails_the_check_without_taking_the_site_down(backups):
    a_backup(backups, hours_ago=30)
    response = probe()
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["failing"] == ["backup"] and body["checks"]["backup"]["age_hours"] >= 30


def test_an_unfinished_backup_without_its_manifest_does_not_count(backups):
    (backups / "reconnect-20261127T020000Z.pgdump").write_bytes(b"half a dump")
    assert probe().json()["checks"]["backup"] == {"ok": False, "detail": "no backup yet"}


def test_a_task_waiting_more_than_five_minutes_fails_the_queue_check(backups, settings):
    settings.TASKS = DB_TASKS
    a_backup(backups)
    from reconnect.radar.tasks import refresh_stale_signals

    refresh_stale_signals.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    response = probe()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["failing"] == ["task_queue"]
    assert response.json()["checks"]["task_queue"]["oldest_ready_seconds"] >= 360


def test_a_stuck_queue_and_no_backup_are_both_named(backups, settings):
    settings.TASKS = DB_TASKS
    from reconnect.radar.tasks import refresh_stale_signals

    refresh_stale_signals.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    response = probe()
    assert response.status_code == 200
    assert response.json()["failing"] == ["backup", "task_queue"]


def test_an_unapplied_migration_fails_the_migrations_check(backups):
    a_backup(backups)
    MigrationRecorder.Migration.objects.filter(app="radar").order_by("-id")[:1].get().delete()
    response = probe()
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}


def test_an_unreachable_database_answers_503_even_without_a_backup(backups, monkeypatch):
    monkeypatch.setattr(
        health, "_database", lambda: {"ok": False, "detail": "database unreachable"}
    )
    response = probe()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["failing"] == ["backup", "database", "migrations", "task_queue"]


def test_the_probe_needs_no_public_host_name_and_is_never_redirected(backups, settings):
    settings.ALLOWED_HOSTS = ["clinic.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    a_backup(backups)
    response = probe(HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert HttpClient().get("/crisis/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_the_answer_holds_no_personal_data_and_is_never_cached(backups, casey):
    a_backup(backups)
    response = probe()
    text = json.dumps(response.json())
    assert casey.email not in text and casey.display_name not in text
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5", "::ffff:127.0.0.1"])
def test_a_caller_from_elsewhere_learns_the_status_and_nothing_about_the_service(backups, address):
    response = probe(REMOTE_ADDR=address)
    assert response.status_code == 200
    assert response.json() == {"status": "degraded"}


def test_a_caller_from_elsewhere_still_gets_503_when_the_site_cannot_serve(backups):
    MigrationRecorder.Migration.objects.filter(app="radar").order_by("-id")[:1].get().delete()
    response = probe(REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 503
    assert response.json() == {"status": "failing"}


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_a_caller_on_this_machine_reads_every_check(backups, address):
    body = probe(REMOTE_ADDR=address).json()
    assert body["failing"] == ["backup"]
    assert set(body["checks"]) == {"database", "migrations", "task_queue", "backup"}
