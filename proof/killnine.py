"""kill -9 during writes: every acknowledged check-in must survive, none twice, integrity intact.

A writer sends uniquely keyed check-ins and logs each acknowledged key, retrying an unanswered
key until it is acknowledged (as a phone app would). The server's process group is SIGKILLed at
random moments and restarted, K times.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

from proof.http import Api
from proof.server import Server
from proof.tokens import DemoTokens


def sqlite_integrity(path: Path) -> bool:
    with sqlite3.connect(path) as db:
        verdict: str = db.execute("PRAGMA integrity_check").fetchone()[0]
    return verdict == "ok"


def stored_keys(env: dict[str, str], client_id: int, prefix: str) -> dict[str, int]:
    """How many rows hold each key (read straight from the database)."""
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            rows = conn.execute(
                "SELECT client_request_id, count(*) FROM journal_checkin "
                "WHERE client_id = %s AND client_request_id LIKE %s GROUP BY 1",
                [client_id, prefix + "%"],
            ).fetchall()
    else:
        with sqlite3.connect(Path(env["RECONNECT_VAR_DIR"]) / "reconnect.sqlite3") as db:
            rows = db.execute(
                "SELECT client_request_id, count(*) FROM journal_checkin "
                "WHERE client_id = ? AND client_request_id LIKE ? GROUP BY 1",
                [client_id, prefix + "%"],
            ).fetchall()
    return dict(rows)


def run(
    env: dict[str, str], tokens: DemoTokens, log_path: Path, *, cycles: int = 20, seed: int = 7
) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - timing jitter, not security
    person = tokens["clients"][0]
    server = Server(env, log_path)
    server.start()
    acknowledged: list[str] = []
    stop = threading.Event()
    sqlite_path = Path(env["RECONNECT_VAR_DIR"]) / "reconnect.sqlite3"

    def writer() -> None:
        api, n = Api(server.url, person["token"], timeout=10), 0
        while not stop.is_set():
            key = f"kill9-{n}"
            body = {"state": "settled", "craving": n % 11, "client_request_id": key}
            while not stop.is_set():
                status, _, _ = api.request("POST", "/api/v1/me/checkins", body)
                if status in (200, 201):
                    acknowledged.append(key)
                    break
                time.sleep(0.05)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    integrity_failures = 0
    try:
        for _ in range(cycles):
            time.sleep(rng.uniform(0.2, 1.0))
            server.kill()
            if not env.get("DATABASE_URL") and not sqlite_integrity(sqlite_path):
                integrity_failures += 1
            server.start()
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join(timeout=30)
        server.stop()
    stored = stored_keys(env, person["client_id"], "kill9-")
    if not env.get("DATABASE_URL") and not sqlite_integrity(sqlite_path):
        integrity_failures += 1
    return {
        "cycles": cycles,
        "acknowledged_writes": len(acknowledged),
        "lost": sum(1 for key in acknowledged if key not in stored),
        "duplicated": sum(1 for count in stored.values() if count > 1),
        "integrity_failures": integrity_failures,
    }
