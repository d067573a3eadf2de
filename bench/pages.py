"""Timing page loads for the benchmarks: a signed-in test client, and GETs timed with their
query counts and CPU."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client as HttpClient

    from reconnect.people.models import User


@dataclass(frozen=True)
class PageTimes:
    ms: list[float]  # each request's wall time, sorted
    queries: list[int]  # each request's query count, in request order
    cpu_ms: float  # mean CPU per request in this process

    @property
    def p95(self) -> float:
        return self.ms[max(0, int(len(self.ms) * 0.95) - 1)]


def signed_in(user: User, *, second_factor: bool = False) -> HttpClient:
    """A test client signed in as `user` (staff with their second factor confirmed, if asked)."""
    from django.test import Client as HttpClient
    from django_otp.plugins.otp_totp.models import TOTPDevice

    http = HttpClient()
    http.force_login(user, backend="reconnect.people.backends.MemberBackend")
    if second_factor:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = http.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return http


def time_pages(http: HttpClient, urls: list[str], rounds: int) -> PageTimes:
    """GET the urls in turn `rounds` times; each must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, cpu = [], [], 0.0
    for round_ in range(rounds):
        url = urls[round_ % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = http.get(url)
            timings.append((time.perf_counter() - begin) * 1000)
            cpu += time.process_time() - begin_cpu
        assert response.status_code == 200, url
        queries.append(len(captured))
    return PageTimes(sorted(timings), queries, cpu * 1000 / rounds)
