"""Concurrent submissions against the real server: one key, one row; another body, a conflict."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from proof.scorecard import record_figure
from reconnect.home.demo import DEMO_DOMAIN
from tests.e2e.conftest import reconnect

pytestmark = pytest.mark.e2e


def post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (loopback test server)
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.parametrize("writers", [2, 8])
def test_simultaneous_submissions_with_one_key_store_exactly_one_row(base_url, server_env, writers):
    token = reconnect(server_env, "create_token", f"jamie.brown@{DEMO_DOMAIN}").strip()
    body = {"state": "activated", "craving": 4, "client_request_id": f"same-key-{writers}"}
    with ThreadPoolExecutor(max_workers=writers) as pool:
        results = list(
            pool.map(lambda _: post(f"{base_url}/api/v1/me/checkins", token, body), range(writers))
        )
    statuses = sorted(status for status, _ in results)
    record_figure(
        "13_concurrent_submits",
        submits=writers,
        duplicate_rows=max(0, statuses.count(201) - 1),
        conflicts_detected=0,
    )
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201}
    assert len({answer["id"] for _, answer in results}) == 1
    conflict, _ = post(f"{base_url}/api/v1/me/checkins", token, {**body, "state": "settled"})
    record_figure("13_concurrent_submits", conflicts_detected=int(conflict == 409))
    assert conflict == 409
