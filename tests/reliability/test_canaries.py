"""Canaries (security-reference #14, #25): after every other proof ran against the server, no
seeded marker is in a log, an error page or a URL, and no marker of an encrypted field is in the
raw database or a backup."""

from __future__ import annotations

import pytest

from proof import canaries
from proof.scorecard import record_figure
from proof.server import Server

pytestmark = [pytest.mark.reliability, pytest.mark.last]


def test_no_canary_escapes(proof_env, tmp_path):
    seeded = proof_env["canaries"]
    everything = seeded["encrypted"] + seeded["plain"]
    with Server(proof_env["env"], proof_env["logs"] / "canary.log") as server:
        error_pages = canaries.provoke_errors(server.url, proof_env["tokens"], everything)
    hits = {
        "logs_and_urls": canaries.count_hits(canaries.log_bytes(proof_env["logs"]), everything),
        "error_pages": canaries.count_hits(error_pages, everything),
        "encrypted_fields_at_rest": canaries.count_hits(
            canaries.database_bytes(proof_env["env"]), seeded["encrypted"]
        ),
        "backups": canaries.count_hits(
            canaries.backup_bytes(proof_env["env"], tmp_path / "backup.db"), seeded["encrypted"]
        ),
    }
    plain_at_rest = canaries.count_hits(canaries.database_bytes(proof_env["env"]), seeded["plain"])
    record_figure("6_canaries", canaries=len(everything), **hits)
    assert plain_at_rest > 0  # the sweep can see what is stored in plain text
    assert hits == dict.fromkeys(hits, 0), hits
