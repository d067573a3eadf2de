"""Synthetic questionnaire histories for the demo program, following each client's trajectory."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from reconnect.measures import instruments
from reconnect.measures.actions import raise_safety_flag
from reconnect.measures.models import Assignment, Response, Status
from reconnect.measures.scoring import score
from reconnect.people.models import Client, User

# Target PHQ-9 / GAD-7 / UCLA-3 levels at the start and end of the 90 days, by trajectory.
LEVELS = {
    "reconnecting": {"phq9": (17, 7), "gad7": (14, 6), "ucla3": (8, 5)},
    "drifting": {"phq9": (8, 16), "gad7": (7, 13), "ucla3": (5, 9)},
    "return_and_recover": {"phq9": (9, 10), "gad7": (8, 9), "ucla3": (6, 6)},
    "sparse": {"phq9": (11, 11), "gad7": (9, 9), "ucla3": (6, 6)},
    "steady": {"phq9": (6, 5), "gad7": (5, 5), "ucla3": (5, 5)},
}
SCHEDULES = {"phq9": ("weekly", 7), "gad7": ("every_2_weeks", 14), "ucla3": ("every_4_weeks", 28)}


def answers_with_total(code: str, total: int, rng: random.Random) -> list[int]:
    """Item answers adding up to `total` (spread at random across the items)."""
    instrument = instruments.get(code)
    items = instrument.scored_items
    values = [min(o.value for o in instrument.options_for(i)) for i in items]
    top = max(o.value for o in instrument.options_for(items[0]))
    remaining = total - sum(values)
    while remaining > 0:
        index = rng.randrange(len(values))
        if values[index] < top:
            values[index] += 1
            remaining -= 1
    return values


def seed_measures(client: Client, trajectory: str, clinician: User, rng: random.Random) -> None:
    """Assign PHQ-9, GAD-7 and UCLA-3 90 days ago and fill in the answers since."""
    now = timezone.now()
    start = now - dt.timedelta(days=90)
    for code, (schedule, every) in SCHEDULES.items():
        Assignment.objects.create(
            client=client,
            instrument=code,
            schedule=schedule,
            assigned_by=clinician,
            created_at=start,
        )
        first, last = LEVELS[trajectory][code]
        responses = []
        for day in range(0, 90, every):
            if trajectory == "sparse" and rng.random() < 0.5:
                continue
            t = day / 90
            level = first + (last - first) * t
            if trajectory == "return_and_recover" and 0.82 <= t < 0.95:
                level += 8 if code == "phq9" else 4
            low, high = instruments.get(code).score_range
            total = int(max(low, min(high, round(level + rng.uniform(-1.5, 1.5)))))
            moment = start + dt.timedelta(days=day, hours=rng.randint(8, 20))
            if rng.random() < 0.06:
                responses.append(_declined(client, code, moment))
                continue
            answers = answers_with_total(code, total, rng)
            if code == "phq9":
                answers[8] = 0
            result = score(instruments.get(code), answers)
            responses.append(
                Response(
                    client=client,
                    instrument=code,
                    version=instruments.get(code).version,
                    status=Status.COMPLETED,
                    answers=answers,
                    total=result.total,
                    band=result.band_label or "",
                    flags=list(result.flags),
                    submitted_at=moment,
                    client_request_id=f"demo-{code}-{client.pk}-{day}",
                )
            )
        Response.objects.bulk_create(responses)


def _declined(client: Client, code: str, moment: dt.datetime) -> Response:
    return Response(
        client=client,
        instrument=code,
        version=instruments.get(code).version,
        status=Status.DECLINED,
        answers=[],
        submitted_at=moment,
        client_request_id=f"demo-{code}-{client.pk}-declined-{moment:%j}",
    )


def seed_safety_answer(client: Client) -> None:
    """A recent PHQ-9 with item 9 above 0, its open safety flag and urgent radar item (the demo
    emails no one)."""
    answers = [2, 2, 1, 2, 1, 2, 1, 1, 1]
    result = score(instruments.get("phq9"), answers)
    response = Response.objects.create(
        client=client,
        instrument="phq9",
        version=instruments.get("phq9").version,
        status=Status.COMPLETED,
        answers=answers,
        total=result.total,
        band=result.band_label or "",
        flags=list(result.flags),
        submitted_at=timezone.now() - dt.timedelta(hours=3),
        client_request_id=f"demo-phq9-{client.pk}-safety",
    )
    raise_safety_flag(response=response, notify=False)


def seed_barc10(client: Client, assigned_by: User, start_total: int, rng: random.Random) -> None:
    """Recovery resources (BARC-10) every 4 weeks for the last 16 weeks, growing a little."""
    now = timezone.now()
    start = now - dt.timedelta(days=112)
    Assignment.objects.create(
        client=client,
        instrument="barc10",
        schedule="every_4_weeks",
        assigned_by=assigned_by,
        created_at=start,
    )
    instrument = instruments.get("barc10")
    responses = []
    for step, day in enumerate(range(0, 112, 28)):
        total = min(60, start_total + step * rng.randint(1, 4))
        answers = answers_with_total("barc10", total, rng)
        responses.append(
            Response(
                client=client,
                instrument="barc10",
                version=instrument.version,
                status=Status.COMPLETED,
                answers=answers,
                total=score(instrument, answers).total,
                submitted_at=start + dt.timedelta(days=day, hours=rng.randint(9, 19)),
                client_request_id=f"demo-barc10-{client.pk}-{day}",
            )
        )
    Response.objects.bulk_create(responses)
