"""Radar benchmarks.

1. The caseload page for a clinician with 300 clients, each with a year of daily history:
   median and p95 server time over 100 loads, on SQLite and on PostgreSQL (target p95 < 100
   ms), with the per-client audit rows each load writes (one insert); the queries per load and
   the time the database took (the rest is Python); the same for GET /api/v1/caseload; and the
   machine's load average, since a shared machine's load moves every figure.
2. `radar_refresh` over many clients with a year of history on PostgreSQL (loaded with COPY):
   a full run, then incremental runs after 0.5% and 1% of clients get new data, in clients per
   second; the incremental cost should follow the changed clients, not all clients.

Sizes: RADAR_BENCH_CLIENTS (default 100000) and RADAR_BENCH_CASELOAD (default 300).
PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
create a fresh database named reconnect_bench.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from bench.django_env import run_child, setup_for

if TYPE_CHECKING:
    from reconnect.people.models import User

DATABASE = "reconnect_bench"
DAYS = 365
CHECKIN_COLUMNS = (
    "client_id",
    "recorded_at",
    "state",
    "craving",
    "connected",
    "client_request_id",
    "note",
    "note_shared",
)
CASELOAD = int(os.environ.get("RADAR_BENCH_CASELOAD", "300"))
TARGET_MS = 100
CLIENTS = int(os.environ.get("RADAR_BENCH_CLIENTS", "100000"))


def main() -> None:
    for vendor in ("sqlite", "postgresql"):
        run_child("bench.bench_radar", f"caseload_page('{vendor}')")
    run_child("bench.bench_radar", "refresh_at_scale()")


def _people(n_clients: int, *, clinicians: int = 1) -> tuple[list[int], User]:
    """A program, clinicians and clients created in bulk (no password hashing)."""
    from reconnect.people.models import CareTeamMember, Client, Membership, Program, User

    program = Program.objects.create(name="Bench program")
    staff = User.objects.bulk_create(
        [
            User(email=f"c{i}@bench.example", display_name=f"Clinician {i}", password="!")  # noqa: S106 (unusable password marker)
            for i in range(clinicians)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, program=program, role="clinician") for u in staff]
    )
    users = User.objects.bulk_create(
        [
            User(email=f"p{i}@bench.example", display_name=f"Person {i:06d}", password="!")  # noqa: S106 (unusable password marker)
            for i in range(n_clients)
        ],
        batch_size=5000,
    )
    Membership.objects.bulk_create(
        [Membership(user=u, program=program, role="client") for u in users], batch_size=5000
    )
    clients = Client.objects.bulk_create(
        [Client(user=u, program=program) for u in users], batch_size=5000
    )
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(client=c, clinician=staff[i % clinicians]) for i, c in enumerate(clients)],
        batch_size=5000,
    )
    return [c.pk for c in clients], staff[0]


Row = tuple[int | str | bool | dt.datetime, ...]  # one row for executemany or COPY


def _history_rows(client_ids: list[int], rng: random.Random) -> Iterator[tuple[str, Row]]:
    """A year of daily check-ins (most days) and a few contacts a week, per client."""
    today = dt.datetime.now(dt.UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    states = ("settled", "settled", "activated", "shut_down")
    for cid in client_ids:
        rhythm = rng.choice((0.9, 0.7, 0.4))
        for day in range(DAYS):
            if rng.random() < rhythm:
                at = today - dt.timedelta(days=day, minutes=rng.randint(0, 600))
                yield (
                    "checkin",
                    (
                        cid,
                        at,
                        rng.choice(states),
                        rng.randint(0, 10),
                        rng.choice(("no", "a_little", "yes")),
                        f"b{cid}-{day}",
                    ),
                )
            if rng.random() < 0.3:
                yield "contact", (cid, today - dt.timedelta(days=day, hours=2), f"k{cid}-{day}")


def _load_history(client_ids: list[int], rng: random.Random) -> int:
    from django.db import connection, transaction

    checkins: list[Row] = []
    contacts: list[Row] = []
    for kind, row in _history_rows(client_ids, rng):
        (checkins if kind == "checkin" else contacts).append(row)
    if connection.vendor == "postgresql":
        _copy(
            "journal_checkin",
            CHECKIN_COLUMNS,
            [(*r, "", False) for r in checkins],
        )
        _copy(
            "journal_contact",
            ("client_id", "recorded_at", "client_request_id", "channel", "felt"),
            [(*r, "", "") for r in contacts],
        )
    else:
        # One transaction: in autocommit each row would be its own commit (and fsync).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO journal_checkin (client_id, recorded_at, state, craving, connected, "
                "client_request_id, note, note_shared) VALUES (%s, %s, %s, %s, %s, %s, '', 0)",
                checkins,
            )
            cursor.executemany(
                "INSERT INTO journal_contact (client_id, recorded_at, client_request_id, channel, "
                "felt) VALUES (%s, %s, %s, '', '')",
                contacts,
            )
    return len(checkins) + len(contacts)


def _copy(table: str, columns: tuple[str, ...], rows: Sequence[Row]) -> None:
    """PostgreSQL COPY, in chunks, through psycopg's copy protocol."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        for start in range(0, len(rows), 200_000):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows[start : start + 200_000]:
                    copy.write_row(row)
    raw.commit()


LOADS = 100  # timed loads of each route, after WARM_UP untimed ones
WARM_UP = 5


def caseload_page(vendor: str) -> None:
    if not setup_for(vendor, DATABASE):
        return
    from django.test import Client as HttpClient
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reconnect.accounts.actions import create_api_token

    rng = random.Random(7)
    ids, clinician = _people(CASELOAD)
    begin = time.perf_counter()
    rows = _load_history(ids, rng)
    loaded = time.perf_counter() - begin
    http = HttpClient()
    http.force_login(clinician, backend="reconnect.people.backends.MemberBackend")
    device = TOTPDevice.objects.create(user=clinician, name="bench", confirmed=True)
    session = http.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    begin = time.perf_counter()
    assert http.get("/caseload/").status_code == 200  # first load computes every client's signals
    first = time.perf_counter() - begin
    _, raw = create_api_token(user=clinician, name="bench")
    load_before = os.getloadavg()[0]
    page = _timed(lambda: http.get("/caseload/").status_code)
    through_api = _timed(
        lambda: http.get("/api/v1/caseload", headers={"authorization": f"Bearer {raw}"}).status_code
    )
    from reconnect.access.models import AccessEvent, Category

    audited = AccessEvent.objects.filter(category=Category.CASELOAD_SUMMARY).count()
    audited //= 1 + 2 * (WARM_UP + LOADS)
    print(
        f"caseload page, {vendor}: {CASELOAD} clients, {rows:,} rows of history "
        f"(loaded in {loaded:.0f} s); first load with signal computation {first * 1000:.0f} ms; "
        f"then {page} ({'meets' if page.p95 < TARGET_MS else 'misses'} the {TARGET_MS} ms "
        f"target); {audited} audit rows per load; GET /api/v1/caseload {through_api}; "
        f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


class Timings:
    """Server time of repeated requests, and how much of it the database took."""

    def __init__(self, total: list[float], database: list[float], queries: int) -> None:
        total.sort()
        self.median = statistics.median(total)
        self.p95 = total[int(len(total) * 0.95) - 1]
        self.database = statistics.median(database)
        self.queries = queries

    def __str__(self) -> str:
        return (
            f"median {self.median:.0f} ms, p95 {self.p95:.0f} ms ({self.queries} queries, "
            f"{self.database:.0f} ms of it in the database)"
        )


def _timed(get: Callable[[], int]) -> Timings:
    """Time `get` (a request answering its status code) LOADS times, after WARM_UP."""
    from django.db import connection

    spent: list[float] = []

    def timer(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - begin)

    for _ in range(WARM_UP):
        assert get() == 200
    total, database = [], []
    with connection.execute_wrapper(timer):
        for _ in range(LOADS):
            spent.clear()
            begin = time.perf_counter()
            status = get()
            total.append((time.perf_counter() - begin) * 1000)
            database.append(sum(spent) * 1000)
            assert status == 200
        queries = len(spent)
    return Timings(total, database, queries)


def refresh_at_scale() -> None:
    if not setup_for("postgresql", DATABASE):
        return
    from django.core.management import call_command
    from django.utils import timezone

    from reconnect.radar.models import RadarState

    rng = random.Random(11)
    begin = time.perf_counter()
    ids, _ = _people(CLIENTS, clinicians=max(1, CLIENTS // 300))
    rows = 0
    for start in range(0, len(ids), 5000):
        rows += _load_history(ids[start : start + 5000], rng)
    print(
        f"radar_refresh: {CLIENTS:,} clients, {rows:,} rows loaded with COPY in "
        f"{time.perf_counter() - begin:.0f} s"
    )

    def run(label: str, expected: int) -> float:
        out = io.StringIO()
        begin = time.perf_counter()
        call_command("radar_refresh", stdout=out)
        elapsed = time.perf_counter() - begin
        touched = int(out.getvalue().split()[0])
        print(
            f"  {label}: {touched:,} clients in {elapsed:.1f} s "
            f"({touched / elapsed:,.0f} clients/s; expected {expected:,})"
        )
        return elapsed

    full = run("full run", CLIENTS)
    results = []
    for share in (0.005, 0.01):
        changed = rng.sample(ids, int(CLIENTS * share))
        _load_history_recent(changed)
        RadarState.objects.filter(client_id__in=changed).update(stale_since=timezone.now())
        results.append((share, run(f"incremental, {share:.1%} changed", len(changed))))
    for share, elapsed in results:
        print(f"  incremental {share:.1%}: {elapsed / full:.3f} of the full run's time")
    ratio = results[1][1] / results[0][1]
    print(
        f"  doubling the changed clients cost {ratio:.2f}x (scales with changed clients, not all)"
    )


def _load_history_recent(client_ids: list[int]) -> None:
    from django.db import connection

    now = dt.datetime.now(dt.UTC)
    rows = [
        (cid, now, "shut_down", 9, "no", f"new-{cid}-{time.time_ns()}", "", False)
        for cid in client_ids
    ]
    if connection.vendor == "postgresql":
        _copy(
            "journal_checkin",
            CHECKIN_COLUMNS,
            rows,
        )
