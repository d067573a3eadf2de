"""Check-in submission through the full stack (token auth, gate, validation, idempotency,
encryption, marking the radar stale and its queued refresh) versus a bare Django view inserting
one row, same process, same run. Target ≥ 0.5."""

from __future__ import annotations

import json
from typing import Any

from bench.interleave import interleaved

ROUNDS = 20
PER_ROUND = 25


def main() -> None:
    import os

    # The embedded default: radar refreshes run on the in-process task thread.
    os.environ["TASKS_BACKEND"] = "reconnect.core.tasks_backend.InProcessBackend"
    from bench.django_env import setup

    setup(urlconf="bench.urls")
    from django_tasks import task_backends
    from django_tasks.base import TaskResult
    from django_tasks.signals import task_finished

    from reconnect.core.tasks_backend import InProcessBackend

    tasks = task_backends["default"]
    assert isinstance(tasks, InProcessBackend)

    background = {"seconds": 0.0, "runs": 0}

    def measure(sender: type, task_result: TaskResult[Any], **kwargs: Any) -> None:
        assert task_result.finished_at is not None and task_result.started_at is not None
        background["seconds"] += (task_result.finished_at - task_result.started_at).total_seconds()
        background["runs"] += 1

    task_finished.connect(measure, weak=False)
    from django.test import Client as HttpClient

    from reconnect.accounts.actions import add_person, create_api_token
    from reconnect.people.models import Program, Role

    program = Program.objects.create(name="Bench")
    user = add_person(
        program=program, email="bench@example.org", display_name="Bench", role=Role.CLIENT
    )
    _, raw = create_api_token(user=user, name="bench")
    api = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    bare = HttpClient()
    client_id = user.client.pk
    body = {"state": "activated", "craving": 5, "connected": "yes", "note": "bench note"}

    def full(n: int) -> None:
        payload = json.dumps({**body, "client_request_id": f"full-{n}"})
        response = api.post("/api/v1/me/checkins", payload, content_type="application/json")
        assert response.status_code == 201, response.content

    def floor(n: int) -> None:
        response = bare.post(f"/bench/bare-insert/?client={client_id}&k=bare-{n}")
        assert response.status_code == 201

    comparison = interleaved(
        full,
        floor,
        rounds=ROUNDS,
        per_round=PER_ROUND,
        settle=tasks.wait_until_idle,
    )
    background_seconds = background["seconds"]
    comparison.report("check-ins through the full stack")
    bare_rate = comparison.rate("bare")
    with_radar = comparison.count / (sum(comparison.full) + background_seconds)
    runs = max(background["runs"], 1)
    print(
        f"radar refreshes those check-ins queued (debounced, on the task thread): "
        f"{background['runs']} taking {background_seconds * 1000 / runs:.1f} ms each; counting "
        f"them as the check-ins' own cost gives {with_radar:.1f} per second "
        f"({with_radar / bare_rate:.2f} of bare)"
    )
