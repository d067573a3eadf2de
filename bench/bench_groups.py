"""Peer-group benchmarks.

1. Posting through the full stack (token, the group reach check, validation, idempotency,
   encryption, the words-that-worry-us check, the held-post rule) versus the bare one-row insert
   view, same process, same run. Target >= 0.5.
2. A group thread of 5,000 posts (12 members, replies and "with you" among them), paged through
   by a member, on the page and through the API: median and p95 server time on SQLite and
   PostgreSQL (target p95 < 100 ms), with the queries per page (the same on every page).

PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
create a fresh database named reconnect_bench_groups.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import time
from typing import TYPE_CHECKING

from bench.django_env import run_child, setup_for
from bench.interleave import interleaved
from bench.pages import signed_in, time_pages

if TYPE_CHECKING:
    from reconnect.groups.models import GroupMember, PeerGroup

ROUNDS = 20
PER_ROUND = 25
THREAD = 5000
MEMBERS = 12
TARGET_MS = 100
DATABASE = "reconnect_bench_groups"


def main() -> None:
    run_child("bench.bench_groups", "posting()")
    for vendor in ("sqlite", "postgresql"):
        run_child("bench.bench_groups", f"thread('{vendor}')")


def _group(members: int) -> tuple[PeerGroup, list[GroupMember]]:
    """A group facilitated by a peer recovery specialist, with `members` clients in it."""
    from reconnect.accounts.actions import add_person, assign_clinician
    from reconnect.groups import actions
    from reconnect.people.models import Program, Role

    program = Program.objects.create(name="Bench")
    peer = add_person(
        program=program, email="lee@bench.example", display_name="Lee", role=Role.PEER
    )
    group = actions.create_group(
        program=program,
        name="Bench circle",
        purpose="Benchmarks",
        size_limit=50,
        listed=False,
        facilitators=[],
        created_by=peer,
    )
    seats = []
    for n in range(members):
        user = add_person(
            program=program,
            email=f"member{n}@bench.example",
            display_name=f"Member {n}",
            role=Role.CLIENT,
        )
        assign_clinician(client=user.client, clinician=peer)
        actions.invite_member(group=group, client=user.client, invited_by=peer)
        seats.append(
            actions.join_group(group=group, client=user.client, alias=f"Alias {n}", agreed=True)
        )
    return group, seats


def posting() -> None:
    # The embedded default: notifications and radar refreshes run on the in-process task thread.
    os.environ["TASKS_BACKEND"] = "reconnect.core.tasks_backend.InProcessBackend"
    from bench.django_env import setup

    setup(urlconf="bench.urls")
    from django.test import Client as HttpClient
    from django_tasks import task_backends

    from reconnect.accounts.actions import create_api_token

    tasks = task_backends["default"]
    group, seats = _group(2)
    user = seats[0].client.user
    _, raw = create_api_token(user=user, name="bench")
    api = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    bare = HttpClient()
    client_id = seats[0].client_id
    body = "Tuesday was hard, but I went for a walk instead and called my sister after."
    url = f"/api/v1/peer-groups/{group.pk}/posts"

    def full(n: int) -> None:
        payload = json.dumps({"body": body, "reply_to": None, "client_request_id": f"full-{n}"})
        response = api.post(url, payload, content_type="application/json")
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
    ).report("group posts through the full stack")


def _load(group: PeerGroup, seats: list[GroupMember], rng: random.Random) -> None:
    """THREAD posts over a year: a third are replies, some with "with you" from others."""
    from django.utils import timezone

    from reconnect.groups.models import Post, PostState, WithYou

    now = timezone.now()
    span = dt.timedelta(days=365) / THREAD
    rows = []
    for k in range(THREAD):
        seat = seats[k % len(seats)]
        rows.append(
            Post(
                group=group,
                member=seat,
                alias=seat.alias,
                body=f"Post {k}: how the week went, what helped, and what is next.",
                state=PostState.PUBLISHED,
                created_at=now - span * (THREAD - k),
            )
        )
    made = Post.objects.bulk_create(rows, batch_size=1000)
    replies = []
    for i in range(1, len(made), 3):
        made[i].reply_to = made[max(0, i - rng.randint(1, 5))]
        replies.append(made[i])
    Post.objects.bulk_update(replies, ["reply_to"], batch_size=1000)
    support = [
        WithYou(post=post, member=seats[(i + 1 + j) % len(seats)])
        for i, post in enumerate(made)
        for j in range(i % 3)
    ]
    WithYou.objects.bulk_create(support, batch_size=2000)


def thread(vendor: str) -> None:
    if not setup_for(vendor, DATABASE):
        return
    from reconnect.accounts.actions import create_api_token

    rng = random.Random(16)
    group, seats = _group(MEMBERS)
    begin = time.perf_counter()
    _load(group, seats, rng)
    loaded = time.perf_counter() - begin
    member = seats[0].client.user
    http = signed_in(member)
    http.get(f"/groups/{group.pk}/")  # warm up: the session's first request does more
    last_page = THREAD // 30 + 1
    numbers = [1, 2, 3, *range(5, last_page + 1, 7), last_page]
    page_urls = [f"/groups/{group.pk}/?page={p}" for p in numbers]
    pages = time_pages(http, page_urls, 80)
    _, raw = create_api_token(user=member, name="bench")
    api = signed_in(member)
    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    api_urls = [f"/api/v1/peer-groups/{group.pk}/posts?page={p}" for p in numbers]
    api.get(api_urls[0])  # warm up: the token's first use of the minute is written down
    answers = time_pages(api, api_urls, 80)
    for what, times in (("thread page", pages), ("API page", answers)):
        p95, queries = times.p95, set(times.queries)
        print(
            f"{THREAD:,}-post thread, {what}, {vendor} (loaded in {loaded:.1f} s): median "
            f"{statistics.median(times.ms):.1f} ms, p95 {p95:.1f} ms "
            f"({'meets' if p95 < TARGET_MS else 'misses'} the {TARGET_MS} ms target); "
            f"queries per page {sorted(queries)} "
            f"({'constant' if len(queries) == 1 else 'varies'}) over pages 1 to {last_page}"
        )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
