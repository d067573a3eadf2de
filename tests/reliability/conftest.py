"""One seeded server environment per database, shared by the reliability proofs."""

from __future__ import annotations

import os

import pytest

from proof.server import environment, prepare


@pytest.fixture(scope="session")
def proof_env(tmp_path_factory) -> dict:
    var_dir = tmp_path_factory.mktemp("proof-var")
    env = environment(var_dir, os.environ.get("DATABASE_URL"), "proof")
    tokens = prepare(env)
    return {"env": env, "tokens": tokens, "logs": tmp_path_factory.mktemp("proof-logs")}
