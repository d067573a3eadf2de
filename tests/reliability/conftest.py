"""One seeded server environment per database, shared by the reliability proofs.

Its people carry canary strings (proof.canaries) from the start, so every proof runs over them
and the canary sweep, which runs last, finds whatever any of them leaked."""

from __future__ import annotations

import os

import pytest

from proof import canaries
from proof.server import Server, environment, prepare
from tests import children


def pytest_collection_modifyitems(items) -> None:
    """Run tests marked `last` after every other test."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


@pytest.fixture(scope="session")
def proof_env(tmp_path_factory) -> dict:
    var_dir = tmp_path_factory.mktemp("proof-var")
    env = environment(var_dir, os.environ.get("DATABASE_URL"), "proof")
    tokens = prepare(env, children.migrated_into)
    logs = tmp_path_factory.mktemp("proof-logs")
    with Server(env, logs / "seed.log") as server:
        seeded = canaries.seed(server.url, tokens)
    seeded.update(canaries.seed_transcripts(env))
    return {"env": env, "tokens": tokens, "logs": logs, "canaries": seeded}
