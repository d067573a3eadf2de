"""The pieces of `reconnect serve`: when scheduled jobs are due, dated backups and their
retention, lost tasks going back in the queue, the access log's redaction, and the supervisor
restarting what stops and stopping everything on SIGTERM."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from reconnect.core import schedule, supervisor, task_recovery
from reconnect.core.accesslog import logged_path, redact_path
from reconnect.core.rotation import finished

NIGHT = dt.time(2, 30)
UTC = dt.UTC


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def daily() -> schedule.Job:
    return schedule.Job("radar_refresh", ("radar_refresh",), daily_at=NIGHT)


def test_on_the_first_start_every_job_runs_at_once():
    assert all(schedule.is_due(job, {}, at(27, 9)) for job in schedule.jobs(daily_at="02:30"))


def test_a_daily_job_runs_once_after_its_time_of_day_and_not_again_that_day():
    done = {"started": at(27, 2, 30).isoformat(), "succeeded": at(27, 2, 30).isoformat()}
    assert not schedule.is_due(daily(), done, at(27, 23, 59))
    assert not schedule.is_due(daily(), done, at(28, 2, 29))
    assert schedule.is_due(daily(), done, at(28, 2, 30))


def test_a_missed_day_is_caught_up_at_once():
    done = {"started": at(25, 2, 30).isoformat(), "succeeded": at(25, 2, 30).isoformat()}
    assert schedule.is_due(daily(), done, at(27, 9))


def test_a_failed_daily_run_is_tried_again_after_a_quarter_of_an_hour():
    failed = {"started": at(27, 2, 30).isoformat(), "succeeded": at(26, 2, 30).isoformat()}
    assert not schedule.is_due(daily(), failed, at(27, 2, 40))
    assert schedule.is_due(daily(), failed, at(27, 2, 46))


def test_reminders_run_every_five_minutes():
    reminders = schedule.jobs(daily_at="02:30")[0]
    last = {"started": at(27, 9).isoformat()}
    assert not schedule.is_due(reminders, last, at(27, 9, 4))
    assert schedule.is_due(reminders, last, at(27, 9, 5))


def test_a_time_of_day_that_is_not_hh_mm_is_refused_with_its_name():
    with pytest.raises(ValueError, match="RECONNECT_DAILY_AT"):
        schedule.parse_time("half past two")


def test_runs_are_remembered_across_restarts(tmp_path):
    state = schedule.State(tmp_path / "schedule.json")
    state.started("backup", at(27, 2, 30))
    state.finished("backup", exit_code=0, seconds=3.2)
    again = schedule.State(tmp_path / "schedule.json")
    assert again.of("backup")["succeeded"] == at(27, 2, 30).isoformat()
    assert not schedule.is_due(schedule.jobs(daily_at="02:30")[3], again.of("backup"), at(27, 9))


@pytest.mark.django_db(transaction=True)
def test_dated_backups_keep_the_newest_and_only_their_owner_can_read_them(tmp_path, settings):
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("backs up the SQLite test database file")
    with freeze_time("2026-11-30 02:00:00") as clock:
        for _ in range(3):
            call_command("backup", "--dir", str(tmp_path), "--keep", "2")
            clock.tick(dt.timedelta(seconds=1))  # names carry the second
    kept = finished(tmp_path)
    assert len(kept) == 2
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o700"
    assert all(oct(path.stat().st_mode & 0o777) == "0o600" for path in kept)


def test_backup_needs_a_file_or_a_folder():
    with pytest.raises(CommandError, match="either"):
        call_command("backup")


def test_a_path_cannot_write_a_line_of_its_own_into_the_access_log():
    forged = '/x\n127.0.0.1 "POST /program/clients/7/delete/ HTTP/1.1" 302 0\x00\r'
    logged = logged_path(forged)
    assert logged.isprintable() and " " not in logged and '"' not in logged
    assert logged == (
        "/x%0A127.0.0.1%20%22POST%20/program/clients/7/delete/%20HTTP/1.1%22%20302%200%00%0D"
    )
    # PATH_INFO holds the address's bytes one per character: they are written as sent.
    assert logged_path("/g\xe2\x80\xa8ls") == logged_path("/g\u2028ls") == "/g%E2%80%A8ls"
    assert logged_path("/y%0Ainjected") == "/y%250Ainjected"  # a "%" sent encoded stays so
    assert logged_path("/clients/12/timeline/") == "/clients/12/timeline/"
    assert logged_path("/invite/Zq8rT1mK3vX9pL2nB7cW/\n") == "/invite/:token/%0A"


def test_link_tokens_never_reach_the_access_log():
    assert redact_path("/password-reset/MQ/c8k1xw-5f0e8b0ad3e0f1bcd3a5e8b1f2a3/") == (
        "/password-reset/MQ/:token/"
    )
    assert redact_path("/invite/Zq8rT1mK3vX9pL2nB7cW/") == "/invite/:token/"
    assert redact_path("/clients/12/timeline/") == "/clients/12/timeline/"
    assert redact_path("/program/radar-fairness/") == "/program/radar-fairness/"


def _task(worker_ids: list[str], status: str = "RUNNING") -> DBTaskResult:
    from django.utils import timezone

    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="reconnect.radar.tasks.refresh_stale_signals",
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=worker_ids,
    )


@pytest.mark.django_db
def test_a_task_whose_worker_died_goes_back_in_the_queue_and_a_live_ones_stays():
    me = task_recovery.Supervision(os.getpid(), "abc123")
    dead, live = me.worker_id(1), me.worker_id(2)
    me = task_recovery.Supervision(me.pid, me.token, live_worker=live)
    lost, running = _task([dead]), _task([live])
    elsewhere = _task(["serve:another-host:1:zzz:1"])
    assert task_recovery.recover(me) == (1, 0)
    lost.refresh_from_db()
    running.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (lost.status, lost.started_at) == ("READY", None)
    assert running.status == "RUNNING" and elsewhere.status == "RUNNING"


@pytest.mark.django_db
def test_a_previous_supervisors_workers_are_recovered_when_it_is_gone():
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    theirs = task_recovery.Supervision(gone.pid, "old111").worker_id(4)
    task = _task([theirs])
    assert task_recovery.recover(task_recovery.Supervision(os.getpid(), "new222")) == (1, 0)
    task.refresh_from_db()
    assert task.status == "READY"


@pytest.mark.django_db
def test_a_task_that_lost_three_workers_is_marked_failed_not_retried_forever():
    me = task_recovery.Supervision(os.getpid(), "abc123")
    task = _task([me.worker_id(1), me.worker_id(2), me.worker_id(3)])
    assert task_recovery.recover(me) == (0, 1)
    task.refresh_from_db()
    assert task.status == "FAILED" and "stopped 3 times" in task.traceback


@pytest.mark.django_db(transaction=True)
def test_the_supervisor_restarts_a_child_that_stops_and_stops_all_on_sigterm(tmp_path, monkeypatch):
    # Its pace, not its policy, is shortened: a look every 50 ms, a first restart after 100 ms.
    monkeypatch.setattr(supervisor, "TICK", 0.05)
    monkeypatch.setattr(supervisor, "MAX_PAUSE", 0.1)
    pids = tmp_path / "pids"
    sleeper = (
        f"import os, time; open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n'); time.sleep(60)"
    )
    run = supervisor.Supervisor(
        web=[sys.executable, "-c", sleeper],
        env=dict(os.environ),
        jobs=[],
        state=schedule.State(tmp_path / "schedule.json"),
    )
    run._worker_argv = lambda: [sys.executable, "-c", "import time; time.sleep(60)"]
    run.children[1].argv = run._worker_argv

    def started() -> list[int]:
        return [int(p) for p in pids.read_text().split()] if pids.exists() else []

    killed: list[int] = []
    give_up = time.monotonic() + 30

    def kill_once_then_stop(signum, frame):
        pids = started()
        if len(pids) == 1 and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)
        elif len(pids) == 2 or time.monotonic() > give_up:
            run._stop(signal.SIGTERM, None)
            return
        signal.setitimer(signal.ITIMER_REAL, 0.1)

    signal.signal(signal.SIGALRM, kill_once_then_stop)
    signal.setitimer(signal.ITIMER_REAL, 0.1)
    try:
        assert run.run() == 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    assert len(started()) == 2  # killed once, started again
    for child in run.children:
        assert child.process is not None and child.process.poll() is not None


def test_gunicorn_takes_no_script_name_or_path_from_a_request_header():
    from gunicorn.config import Config

    config = Config()
    settings_file = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"
    namespace: dict[str, object] = {}
    exec(compile(settings_file.read_text(), str(settings_file), "exec"), namespace)  # noqa: S102
    config.set("forwarder_headers", namespace["forwarder_headers"])
    assert config.forwarder_headers == []
