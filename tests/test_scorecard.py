"""The scorecard adds up what every test process recorded and replaces only this database's
section of var/scorecard.json."""

from __future__ import annotations

import json

from proof import scorecard


def test_each_process_records_apart_and_the_run_adds_them_up(tmp_path, monkeypatch):
    parts = tmp_path / "parts"
    monkeypatch.setenv(scorecard.PARTS_ENV, str(parts))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    scorecard.record_figure("2_idor", attempts=3, p95_ms=10.0, leaks="none")
    scorecard.record_figure("2_idor", attempts=2)
    (parts / "sqlite.2_idor.1.json").write_text(json.dumps({"attempts": 4, "p95_ms": 30.0}))
    assert len(list(parts.glob("sqlite.2_idor.*.json"))) == 2  # one file per process
    assert scorecard.merge() == {
        "sqlite": {"2_idor": {"attempts": 9, "p95_ms": 30.0, "leaks": "none"}}
    }


def test_a_run_replaces_its_database_section_and_keeps_the_other(tmp_path, monkeypatch):
    monkeypatch.setattr(scorecard, "VAR", tmp_path)
    monkeypatch.setattr(scorecard, "SCORECARD", tmp_path / "scorecard.json")
    scorecard.SCORECARD.write_text(
        json.dumps({"postgresql": {"2_idor": {"attempts": 5}}, "sqlite": {"old": {"n": 1}}})
    )
    whole = scorecard.write({"sqlite": {"2_idor": {"attempts": 9}}})
    assert whole == {
        "postgresql": {"2_idor": {"attempts": 5}},
        "sqlite": {"2_idor": {"attempts": 9}},
    }
    assert json.loads(scorecard.SCORECARD.read_text()) == whole
