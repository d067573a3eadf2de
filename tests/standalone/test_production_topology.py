"""The production topology, started as a clinic would start it: `reconnect serve` on PostgreSQL
with production settings behind a (simulated) TLS proxy. A check-in through it is refreshed by
the separate task worker, and a worker SIGKILLed in the middle of that refresh loses nothing."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from proof.scorecard import record_figure
from proof.server import ROOT, demo_tokens, environment, free_port, reconnect

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL"),
        reason="the production topology runs on PostgreSQL (set DATABASE_URL)",
    ),
]
TASKS = "django_tasks_database_dbtaskresult"
REFRESH = "reconnect.radar.tasks.refresh_stale_signals"
PROXY = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds


def wait_for(what: str, check, timeout: float = 45, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


def request(url: str, *, token: str | None = None, body: dict | None = None):
    headers = {**PROXY, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError:
        return 0, {}, b""


def children(parent: int, marker: bytes) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and marker in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    import psycopg

    from reconnect.core.crypto import new_key

    var = tmp_path_factory.mktemp("topology")
    env = environment(var, os.environ["DATABASE_URL"], "topology")
    env.pop("TASKS_BACKEND", None)
    env.update(
        RECONNECT_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        RECONNECT_FIELD_KEYS=f"k1:{new_key()}",
        SECURE_SSL_REDIRECT="0",  # the proxy terminates TLS and sets X-Forwarded-Proto
        ALLOWED_HOSTS="127.0.0.1",
        RECONNECT_DEMO="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        RECONNECT_WEB_WORKERS="2",
        RECONNECT_BACKUP_DIR=str(var / "backups"),
    )
    reconnect(env, "migrate", "--noinput")
    port = free_port()
    log = var / "serve.log"
    with log.open("ab") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "reconnect.cli", "serve", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    db = psycopg.connect(env["DATABASE_URL"], autocommit=True)
    url = f"http://127.0.0.1:{port}"
    try:
        # The demo goes in while the topology starts, as a clinic's first data would.
        reconnect(env, "seed_demo")
        tokens = demo_tokens(env)
        yield {
            "url": url,
            "serve": serve,
            "db": db,
            "database_url": env["DATABASE_URL"],
            "tokens": tokens,
            "var": var,
            "log": log,
        }
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            try:
                serve.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                serve.wait()
        db.close()
        drop_database(env["DATABASE_URL"])


def drop_database(url: str) -> None:
    from urllib.parse import urlparse, urlunparse

    import psycopg

    parts = urlparse(url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def latest_refresh(db, after: float):
    return db.execute(
        f"SELECT id, status, worker_ids FROM {TASKS} WHERE task_path = %s"  # noqa: S608
        " AND enqueued_at >= to_timestamp(%s) ORDER BY enqueued_at DESC LIMIT 1",
        [REFRESH, after],
    ).fetchone()


def radar_is_fresh(db, client_id: int, since: float) -> bool:
    row = db.execute(
        "SELECT stale_since IS NULL AND refreshed_at >= to_timestamp(%s)"
        " FROM radar_radarstate WHERE client_id = %s",
        [since, client_id],
    ).fetchone()
    return bool(row and row[0])


def check_in(topology, person) -> None:
    body = {"state": "settled", "craving": 2, "client_request_id": uuid.uuid4().hex}
    status, _, _ = request(
        f"{topology['url']}/api/v1/me/checkins", token=person["token"], body=body
    )
    assert status in (200, 201)


def test_the_topology_starts_healthy_with_the_daily_jobs_and_a_backup_done(topology):
    status, headers, body = wait_for(
        "a healthy /healthz",
        lambda: (
            (r := request(f"{topology['url']}/healthz"))[0] == 200
            and json.loads(r[2])["status"] == "ok"
            and r
        ),
        timeout=120,
    )
    checks = json.loads(body)["checks"]
    assert checks["database"]["vendor"] == "postgresql" and checks["migrations"]["unapplied"] == 0
    jobs = ("send_reminders", "radar_refresh", "purge_transcripts", "backup")
    state = topology["var"] / "schedule.json"
    runs = wait_for(
        "the first runs of the scheduled jobs",
        lambda: (
            all("exit_code" in r.get(job, {}) for job in jobs) and r
            if (r := json.loads(state.read_text()))
            else None
        ),
    )
    assert {job: runs[job]["exit_code"] for job in jobs} == dict.fromkeys(jobs, 0)
    assert list((topology["var"] / "backups").glob("reconnect-*.pgdump"))
    # Production settings, behind the proxy: HSTS on pages, no query string in the access log.
    status, headers, _ = request(f"{topology['url']}/crisis/?canary=Query-Canary-19c2")
    assert status == 200 and "max-age" in headers["Strict-Transport-Security"]
    time.sleep(0.5)
    assert "Query-Canary-19c2" not in topology["log"].read_text(errors="replace")


def test_a_check_in_is_refreshed_by_the_separate_worker_not_the_web_server(topology):
    person, db = topology["tokens"]["clients"][0], topology["db"]
    wait_for("a worker", lambda: children(topology["serve"].pid, b"db_worker"))
    since = time.time() - 1
    check_in(topology, person)
    task = wait_for(
        "the refresh task to finish",
        lambda: (t := latest_refresh(db, since)) and t[1] == "SUCCESSFUL" and t,
    )
    assert len(task[2]) == 1 and task[2][0].startswith("serve:")
    assert radar_is_fresh(db, person["client_id"], since)


def test_killing_the_worker_in_the_middle_of_a_refresh_loses_no_refresh(topology):
    import psycopg

    person, db, serve = topology["tokens"]["clients"][1], topology["db"], topology["serve"]
    worker = wait_for("a worker", lambda: children(serve.pid, b"db_worker"))[0]
    os.kill(worker, signal.SIGSTOP)  # so the check-in's task waits for the moment we choose
    since = time.time() - 1
    check_in(topology, person)  # acknowledged while no worker runs: the web does not need one
    queued = wait_for("the refresh to be queued", lambda: latest_refresh(db, since))
    assert queued[1] == "READY"
    # Hold the client's radar row, so the refresh blocks half-way, then let the worker go on.
    blocker = psycopg.connect(topology["database_url"])
    blocker.execute(
        "SELECT 1 FROM radar_radarstate WHERE client_id = %s FOR UPDATE", [person["client_id"]]
    )
    os.kill(worker, signal.SIGCONT)
    wait_for(
        "the worker to be stuck in the middle of the refresh",
        lambda: (
            latest_refresh(db, since)[1] == "RUNNING"
            and db.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            > 0
        ),
    )
    os.kill(worker, signal.SIGKILL)
    blocker.rollback()
    blocker.close()
    task = wait_for(
        "the refresh to be run again by a new worker",
        lambda: (t := latest_refresh(db, since)) and t[1] == "SUCCESSFUL" and t,
    )
    assert task[0] == queued[0] and len(task[2]) == 2 and task[2][0] != task[2][1]
    assert radar_is_fresh(db, person["client_id"], since)
    replacement = children(serve.pid, b"db_worker")
    assert replacement and worker not in replacement
    record_figure("33_worker_kill_mid_task", kills=1, refreshes_lost=0, retried=1)


def test_sigterm_stops_every_process_of_the_topology(topology):
    serve = topology["serve"]
    pids = children(serve.pid, b"gunicorn") + children(serve.pid, b"db_worker")
    assert len(pids) == 2
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=40) == 0
    wait_for("every child to stop", lambda: not any(alive(pid) for pid in pids), timeout=10)
