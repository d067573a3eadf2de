"""The client's accounting of access (security-reference #10: 10,000 events in under 2 s): the
"Who saw my record" page, its CSV download and the whole-record FHIR export, for a client whose
record was opened 10,000 times and disclosed 1,000 times."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from collections.abc import Callable
from functools import partial

EVENTS = 10_000
DISCLOSURES = 1_000
TARGET_S = 2.0


def main() -> None:
    from bench.django_env import setup

    setup()
    from django.test import Client as HttpClient
    from django.utils import timezone

    from reconnect.access.models import GENESIS_HASH, AccessEvent
    from reconnect.accounts.actions import add_person
    from reconnect.consent.models import Channel, Disclosure
    from reconnect.people.models import Program
    from reconnect.records.export import fhir_bundle

    program = Program.objects.create(name="Bench")
    robin = add_person(program=program, email="r@b.example", display_name="Robin", role="clinician")
    casey = add_person(
        program=program,
        email="c@b.example",
        display_name="Casey",
        role="client",
        password="a-long-calm-passphrase-42",  # noqa: S106 - a throwaway bench account
        clinician=robin,
    )
    start, previous, events = timezone.now() - dt.timedelta(days=365), GENESIS_HASH, []
    for n in range(EVENTS):
        event = AccessEvent(
            at=start + dt.timedelta(minutes=n),
            actor_id=robin.pk,
            actor_name="Robin",
            actor_role="clinician",
            client_id=casey.client.pk,
            category="checkins",
            action="view",
            purpose="treatment",
            prev_hash=previous,
        )
        event.row_hash = previous = event.compute_hash()
        events.append(event)
    AccessEvent.objects.bulk_create(events, batch_size=2000)
    Disclosure.objects.bulk_create(
        Disclosure(
            client=casey.client,
            channel=Channel.SHARED_VIEW,
            recipient_name="Jo",
            description="Viewed check-in summary",
            purpose="To support my recovery",
        )
        for _ in range(DISCLOSURES)
    )
    http = HttpClient()
    http.force_login(casey, backend="reconnect.people.backends.MemberBackend")
    for label, url in (
        ("page (first 50 + every disclosure)", "/me/record-access/"),
        ("CSV of everything", "/me/record-access/download/"),
    ):
        took = _timed(partial(http.get, url))
        print(f"{label:36}: {took:6.3f} s  (target < {TARGET_S} s, ratio {took / TARGET_S:.2f})")
    tracemalloc.start()
    took = _timed(lambda: fhir_bundle(casey.client))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{'FHIR export with the access log':36}: {took:6.3f} s, peak {peak:.0f} MiB")


def _timed(call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        response = call()
        best = min(best, time.perf_counter() - began)
        status = getattr(response, "status_code", 200)
        if status != 200:
            raise SystemExit(f"unexpected status {status}")
    return best


if __name__ == "__main__":
    main()
