"""Canaries (security-reference #14, #25, #40): after every other proof ran against the server, no
seeded marker is in a log, an error page or a URL, and no marker of an encrypted field is in the
raw database or a backup; after the purge, no word of a transcript or of a quote from it is in
the database file, its WAL or a backup made then, and no analysis holds any words."""

from __future__ import annotations

import pytest

from proof import canaries
from proof.scorecard import record_figure
from proof.server import Server

pytestmark = [pytest.mark.reliability, pytest.mark.last]


def test_no_canary_escapes(proof_env, tmp_path):
    seeded = proof_env["canaries"]
    encrypted = seeded["encrypted"] + seeded["transcripts"] + seeded["quotes"]
    everything = encrypted + seeded["plain"]
    with Server(proof_env["env"], proof_env["logs"] / "canary.log") as server:
        error_pages = canaries.provoke_errors(server.url, proof_env["tokens"], everything)
    hits = {
        "logs_and_urls": canaries.count_hits(canaries.log_bytes(proof_env["logs"]), everything),
        "error_pages": canaries.count_hits(error_pages, everything),
        "encrypted_fields_at_rest": canaries.count_hits(
            canaries.database_bytes(proof_env["env"]), encrypted
        ),
        "backups": canaries.count_hits(
            canaries.backup_bytes(proof_env["env"], tmp_path / "backup.db"), encrypted
        ),
    }
    plain_at_rest = canaries.count_hits(canaries.database_bytes(proof_env["env"]), seeded["plain"])
    record_figure("6_canaries", canaries=len(everything), **hits)
    assert plain_at_rest > 0  # the sweep can see what is stored in plain text
    assert hits == dict.fromkeys(hits, 0), hits


def test_no_word_of_a_transcript_or_a_quote_outlives_the_purge(proof_env, tmp_path):
    words = proof_env["canaries"]["transcripts"] + proof_env["canaries"]["quotes"]
    assert words
    left = canaries.purge_transcripts(proof_env["env"])
    stored = canaries.stored_parts(proof_env["env"])
    hits = {part: canaries.count_hits([blob], words) for part, blob in stored.items()}
    hits["backup"] = canaries.count_hits(
        canaries.backup_bytes(proof_env["env"], tmp_path / "after-purge.db"), words
    )
    record_figure(
        "25_canaries_after_purge",
        transcript_canaries=len(proof_env["canaries"]["transcripts"]),
        quote_canaries=len(proof_env["canaries"]["quotes"]),
        analyses_with_words_left=left,
        **{f"hits_in_{part}": count for part, count in hits.items()},
    )
    assert left == 0 and hits == dict.fromkeys(hits, 0), (left, hits)
