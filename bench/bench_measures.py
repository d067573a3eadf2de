"""Scoring throughput of the pure core, and the FHIR export of a client with two years of weekly
responses (PHQ-9, GAD-7 and UCLA-3 each week) through the API: time and peak memory."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import tracemalloc

SCORING_ROUNDS = 50_000
WEEKS = 104


def scoring_throughput() -> None:
    from reconnect.measures import instruments
    from reconnect.measures.scoring import score

    rng = random.Random(1)
    for code in ("phq9", "gad7", "pcl5", "scssf"):
        instrument = instruments.get(code)
        options = [[o.value for o in instrument.options_for(i)] for i in instrument.scored_items]
        batch = [[rng.choice(o) for o in options] for _ in range(1000)]
        start = time.perf_counter()
        for n in range(SCORING_ROUNDS):
            score(instrument, batch[n % 1000])
        rate = SCORING_ROUNDS / (time.perf_counter() - start)
        print(f"scoring {code:6}: {rate:10,.0f} responses per second")


def fhir_export() -> None:
    from bench.django_env import setup

    setup()
    from django.test import Client as HttpClient
    from django.utils import timezone

    from reconnect.accounts.actions import add_person, create_api_token
    from reconnect.measures import instruments
    from reconnect.measures.demo import answers_with_total
    from reconnect.measures.models import Response
    from reconnect.measures.scoring import score
    from reconnect.people.models import Program, Role

    rng = random.Random(2)
    program = Program.objects.create(name="Bench")
    clinician = add_person(
        program=program, email="c@example.org", display_name="C", role=Role.CLINICIAN
    )
    person = add_person(
        program=program,
        email="p@example.org",
        display_name="P",
        role=Role.CLIENT,
        clinician=clinician,
    )
    start = timezone.now() - dt.timedelta(weeks=WEEKS)
    rows = []
    for week in range(WEEKS):
        for code in ("phq9", "gad7", "ucla3"):
            instrument = instruments.get(code)
            low, high = instrument.score_range
            answers = answers_with_total(code, rng.randint(int(low), int(high)), rng)
            result = score(instrument, answers)
            rows.append(
                Response(
                    client=person.client,
                    instrument=code,
                    version=instrument.version,
                    status="completed",
                    answers=answers,
                    total=result.total,
                    band=result.band_label or "",
                    flags=list(result.flags),
                    submitted_at=start + dt.timedelta(weeks=week),
                    client_request_id=f"{code}-{week}",
                )
            )
    Response.objects.bulk_create(rows)
    _, raw = create_api_token(user=clinician, name="bench")
    http = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    url = f"/api/v1/clients/{person.client.pk}/responses?format=fhir"
    http.get(url)  # warm up
    timings = []
    for _ in range(5):
        begin = time.perf_counter()
        response = http.get(url)
        timings.append(time.perf_counter() - begin)
    tracemalloc.start()
    body = http.get(url).content
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    entries = len(json.loads(body)["entry"])
    assert response.status_code == 200
    print(
        f"FHIR export, {len(rows)} responses over {WEEKS} weeks -> {entries} resources, "
        f"{len(body) / 1024:.0f} KiB: median {sorted(timings)[2] * 1000:.0f} ms, "
        f"peak Python memory {peak / 1024 / 1024:.1f} MiB"
    )


def main() -> None:
    scoring_throughput()
    fhir_export()
