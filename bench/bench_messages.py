"""Messages benchmarks.

1. Sending a message through the full stack (token, gate, validation, idempotency, encryption,
   the words-that-worry-us check, the radar's stale mark, the notification queued) versus the
   bare one-row insert view, same process, same run. Target ≥ 0.5.
2. The clinician inbox with 60 clients × a year of messages (about 3 a week each), and a
   2,000-message conversation paged through: median and p95 server time on SQLite and
   PostgreSQL (targets p95 < 100 ms and < 50 ms), with the queries each page takes.

PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
create a fresh database named reconnect_bench_messages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
from typing import TYPE_CHECKING, Any

from bench.django_env import run_child, setup_for
from bench.interleave import interleaved
from bench.pages import PageTimes, signed_in, time_pages

if TYPE_CHECKING:
    from reconnect.people.models import User

ROUNDS = 20
PER_ROUND = 25
INBOX_CLIENTS = 60
PER_WEEK = 3
LONG_CONVERSATION = 2000
INBOX_TARGET_MS = 100
PAGE_TARGET_MS = 50
DATABASE = "reconnect_bench_messages"


def main() -> None:
    run_child("bench.bench_messages", "sending()")
    for vendor in ("sqlite", "postgresql"):
        run_child("bench.bench_messages", f"pages('{vendor}')")


def sending() -> None:
    # The embedded default: radar refreshes and notifications run on the in-process task thread.
    os.environ["TASKS_BACKEND"] = "reconnect.core.tasks_backend.InProcessBackend"
    from bench.django_env import setup

    setup(urlconf="bench.urls")
    from django.conf import settings
    from django.test import Client as HttpClient
    from django_tasks import task_backends

    # The care team's email goes out on the task thread; kept in memory, as a mail server would
    # take it, rather than printed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    from reconnect.accounts.actions import add_person, create_api_token
    from reconnect.people.models import Program, Role

    tasks = task_backends["default"]
    program = Program.objects.create(name="Bench")
    clinician = add_person(
        program=program, email="robin@bench.example", display_name="Robin", role=Role.CLINICIAN
    )
    user = add_person(
        program=program,
        email="casey@bench.example",
        display_name="Casey",
        role=Role.CLIENT,
        clinician=clinician,
    )
    _, raw = create_api_token(user=user, name="bench")
    api = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    bare = HttpClient()
    client_id = user.client.pk
    body = "Hi Robin, quick question about Thursday's group: is it still at 6?"

    def full(n: int) -> None:
        payload = json.dumps({"body": body, "client_request_id": f"full-{n}"})
        response = api.post("/api/v1/me/messages", payload, content_type="application/json")
        assert response.status_code == 201, response.content

    def floor(n: int) -> None:
        response = bare.post(f"/bench/bare-insert/?client={client_id}&k=bare-{n}")
        assert response.status_code == 201

    interleaved(
        full,
        floor,
        rounds=ROUNDS,
        per_round=PER_ROUND,
        settle=tasks.wait_until_idle,  # type: ignore[attr-defined]
    ).report("messages through the full stack")


def _load(client_ids: list[int], clinician: User, rng: random.Random) -> int:
    """A year of messages, about PER_WEEK a week per client (one 2,000 long), nearly all read;
    a few clients still waiting for a reply."""
    from django.utils import timezone

    from reconnect.conversations.models import Conversation, Message, MessageRead
    from reconnect.people.models import Client

    now = timezone.now()
    clients = {c.pk: c for c in Client.objects.filter(pk__in=client_ids).select_related("user")}
    conversations = Conversation.objects.bulk_create(
        [Conversation(client_id=cid, last_message_at=now) for cid in client_ids]
    )
    total = 0
    for index, conversation in enumerate(conversations):
        client = clients[conversation.client_id]
        n = LONG_CONVERSATION if index == 0 else PER_WEEK * 52
        span = dt.timedelta(days=365) / n
        rows = []
        for k in range(n):
            from_client = rng.random() < 0.55
            author = client.user if from_client else clinician
            rows.append(
                Message(
                    conversation=conversation,
                    client=client,
                    author=author,
                    author_role="client" if from_client else "clinician",
                    author_name=author.display_name,
                    body=f"Message {k}: how the week went, and what is next.",
                    sent_at=now - span * (n - k),
                )
            )
        made = Message.objects.bulk_create(rows, batch_size=2000)
        reads = [
            MessageRead(
                message=m,
                reader=clinician if m.author_role == "client" else client.user,
                read_at=m.sent_at + dt.timedelta(hours=1),
            )
            for m in made[:-3]
        ]
        MessageRead.objects.bulk_create(reads, batch_size=2000)
        if index % 10 == 3:
            conversation.waiting_since = made[-1].sent_at
        conversation.last_message_at = made[-1].sent_at
        total += n
    Conversation.objects.bulk_update(conversations, ["waiting_since", "last_message_at"])
    return total


def pages(vendor: str) -> None:
    if not setup_for(vendor, DATABASE):
        return
    from bench.bench_radar import _people
    from reconnect.people.models import User

    rng = random.Random(15)
    ids, clinician = _people(INBOX_CLIENTS)
    clinician = User.objects.get(pk=clinician.pk)
    begin = time.perf_counter()
    rows = _load(ids, clinician, rng)
    loaded = time.perf_counter() - begin
    http = signed_in(clinician, second_factor=True)
    http.get("/messages/")  # warm up: the session's first request does more
    inbox = time_pages(http, ["/messages/"], 40)
    pages_of_long = [f"/clients/{ids[0]}/messages/?page={p}" for p in range(1, 68, 3)]
    long = time_pages(http, pages_of_long, 60)
    floor = time_pages(http, ["/account/"], 40)  # a signed-in page showing no record: the floor
    _report(vendor, "inbox", inbox, INBOX_TARGET_MS, rows, loaded)
    _report(vendor, "2,000-message conversation", long, PAGE_TARGET_MS)
    print(
        f"  for scale, the account page (no record shown): median "
        f"{statistics.median(floor.ms):.1f} ms; CPU per request: inbox "
        f"{inbox.cpu_ms:.1f} ms, conversation {long.cpu_ms:.1f} ms, account "
        f"{floor.cpu_ms:.1f} ms; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs"
    )


def _report(
    vendor: str,
    what: str,
    times: PageTimes,
    target: int,
    rows: int | None = None,
    loaded: float | None = None,
) -> None:
    extra: dict[str, Any] = {}
    if rows is not None:
        extra["data"] = f"{INBOX_CLIENTS} clients, {rows:,} messages (loaded in {loaded:.1f} s); "
    p95 = times.p95
    print(
        f"{what}, {vendor}: {extra.get('data', '')}median {statistics.median(times.ms):.1f} ms, "
        f"p95 {p95:.1f} ms ({'meets' if p95 < target else 'misses'} the {target} ms target); "
        f"{max(times.queries)} queries"
    )
