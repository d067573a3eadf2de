"""API fuzzing with schemathesis against a loopback server, once per role (security-ref #21)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from proof import fuzz
from proof.scorecard import record_figure
from proof.server import Server

pytestmark = pytest.mark.reliability
EXAMPLES = int(os.environ.get("RECONNECT_FUZZ_EXAMPLES", "10"))


# Fuzzing checks the API contract at full speed; the rate limits (429 + Retry-After, documented
# on every operation) have their own tests, so here they are off.
UNLIMITED = {"RECONNECT_API_RATE_PER_TOKEN": "", "RECONNECT_API_RATE_PER_IP": ""}


def test_every_role_fuzzes_clean(proof_env):
    roles = sorted(proof_env["tokens"]["roles"].items())
    # Two roles at a time: while one fuzzer waits for the server, the other makes its cases.
    with (
        Server({**proof_env["env"], **UNLIMITED}, proof_env["logs"] / "fuzz.log") as server,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        runs = {
            role: pool.submit(
                fuzz.run_role,
                server.url,
                token,
                proof_env["logs"] / f"fuzz-{role}",
                examples=EXAMPLES,
            )
            for role, token in roles
        }
        results = {role: run.result() for role, run in runs.items()}
    record_figure(
        "10_schemathesis",
        roles=len(results),
        operations=sum(r["operations"] for r in results.values()),
        cases=sum(r["cases"] for r in results.values()),
        failures=sum(r["failures"] for r in results.values()),
        **{f"{role}_failures": r["failures"] for role, r in results.items()},
    )
    for role, result in results.items():
        assert result["failures"] == 0 and result["exit_code"] == 0, (
            role,
            result["failures_by_check"],
            result["output_tail"],
        )
