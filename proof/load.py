"""Loopback load: client check-ins, clinician caseload views and timeline reads, many users at once.

Each simulated person works in a closed loop with a pause of 1-3 s between actions (people read
a page before the next click), which is far busier than real use: a client checks in a few times
a day. The people are spread over several processes, as a load tool does, so that the test's own
interpreter lock does not show up as server latency. Timings start after a 10-second warm-up of
the fresh server; failed requests count from the first second.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import threading
import time
import uuid
from collections import defaultdict
from typing import Any

from proof.http import Api
from proof.tokens import DemoTokens

PAUSE = (1.0, 3.0)
USERS_PER_PROCESS = 10
WARM_UP_SECONDS = 10  # first requests of a fresh server (imports, connections) are not counted


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


Sample = tuple[str, float, bool, bool]  # route, milliseconds, answered as expected, locked


def _people(
    base_url: str, tokens: DemoTokens, indexes: list[int], n_clinicians: int, seconds: float
) -> list[Sample]:
    """Run some of the people in this process; return (route, ms, ok, locked) samples."""
    samples: list[Sample] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds
    warm_up = min(WARM_UP_SECONDS, seconds / 4)

    def record(route: str, status: int, took: float, body: bytes, ok: tuple[int, ...]) -> None:
        if time.monotonic() - started < warm_up and status in ok:
            return
        with lock:
            samples.append((route, took * 1000, status in ok, b"locked" in body))

    def client_user(index: int) -> None:
        person = tokens["clients"][index % len(tokens["clients"])]
        api, rng = Api(base_url, person["token"]), random.Random(index)  # noqa: S311
        while time.monotonic() < stop_at:
            body = {
                "state": rng.choice(["settled", "activated", "shut_down"]),
                "craving": rng.randint(0, 10),
                "client_request_id": uuid.uuid4().hex,
            }
            status, data, took = api.request("POST", "/api/v1/me/checkins", body)
            record("checkin", status, took, data, (200, 201))
            time.sleep(rng.uniform(*PAUSE))
            status, data, took = api.request("GET", "/api/v1/me/checkins?page_size=20")
            record("my_checkins", status, took, data, (200,))
            time.sleep(rng.uniform(*PAUSE))
        api.close()

    def clinician_user(index: int) -> None:
        person = tokens["clinicians"][index % len(tokens["clinicians"])]
        api, rng = Api(base_url, person["token"]), random.Random(1000 + index)  # noqa: S311
        while time.monotonic() < stop_at:
            status, data, took = api.request("GET", "/api/v1/caseload")
            record("caseload", status, took, data, (200,))
            time.sleep(rng.uniform(*PAUSE))
            client_id = rng.choice(person["client_ids"])
            status, data, took = api.request("GET", f"/api/v1/clients/{client_id}/timeline")
            record("record_view", status, took, data, (200,))
            time.sleep(rng.uniform(*PAUSE))
        api.close()

    threads = [
        threading.Thread(target=clinician_user if i < n_clinicians else client_user, args=(i,))
        for i in indexes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def run(
    base_url: str, tokens: DemoTokens, *, users: int = 50, seconds: float = 120
) -> dict[str, Any]:
    """Run the mixed load and return the figures (latencies in milliseconds)."""
    n_clinicians = max(1, users // 5)
    groups = [
        list(range(i, users, -(-users // USERS_PER_PROCESS)))
        for i in range(-(-users // USERS_PER_PROCESS))
    ]
    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(groups)) as pool:
        parts = pool.starmap(
            _people, [(base_url, tokens, g, n_clinicians, seconds) for g in groups]
        )
    elapsed = time.monotonic() - started
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    locked = 0
    for part in parts:
        for route, ms, ok, was_locked in part:
            timings[route].append(ms)
            errors[route] += not ok
            locked += was_locked
    total = sum(len(v) for v in timings.values())
    failed = sum(errors.values())
    routes = {
        route: {
            "requests": len(values),
            "errors": errors[route],
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "p99_ms": round(_percentile(values, 0.99), 1),
        }
        for route, values in sorted(timings.items())
    }
    return {
        "users": users,
        "processes": len(groups),
        "seconds": round(elapsed, 1),
        "requests": total,
        "rps": round(total / elapsed, 1),
        "errors": failed,
        "error_pct": round(100 * failed / total, 3) if total else 0.0,
        "database_locked": locked,
        "routes": routes,
    }
