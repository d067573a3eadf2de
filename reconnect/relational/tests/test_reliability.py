"""Each session figure carries its measured agreement with trained coders, read from the model's
own metrics file: swap the metrics and the words change; a figure below ICC 0.5 never gets a
fair/good band; a model file that does not match its metrics is refused, saying why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import visible_text
from reconnect.relational import actions, runner
from reconnect.relational.engine import model
from reconnect.relational.engine.model import DEFAULT, ModelMismatch, digest, load, metrics
from reconnect.relational.models import Analysis
from reconnect.relational.training.card import CARD, measured

SESSION = (
    "T: How have things been?\nC: I want to drink less, for my kids.\n"
    "T: Your kids matter a lot to you.\nC: They do.\nT: What would help this week?\n"
    "C: Maybe walking after work.\nT: Did you walk last week?\nC: Once.\n"
)
SHIPPED = json.loads(DEFAULT.with_name("metrics.json").read_text())


def figures(icc: float) -> dict:
    return {
        name: {"icc": icc, "mae": 0.5, "sessions": 90, "band_agreement": 0.8}
        for name in (
            "reflection_to_question",
            "percent_complex_reflections",
            "percent_open_questions",
            "percent_change_talk",
        )
    }


@pytest.fixture
def swap_metrics(tmp_path, monkeypatch):
    """The shipped model file, with a metrics file of the test's choosing beside it."""
    (tmp_path / "default.joblib").symlink_to(DEFAULT)
    monkeypatch.setattr(model, "DEFAULT", tmp_path / "default.joblib")

    def write(icc: float | None = None, **changes) -> Path:
        swapped = {**SHIPPED, **changes}
        if icc is not None:
            swapped["session"] = {**SHIPPED["session"], "figures": figures(icc)}
        (tmp_path / "metrics.json").write_text(json.dumps(swapped))
        return tmp_path

    return write


def analyse(tmp_path, capsys) -> dict:
    path = tmp_path / "session.txt"
    path.write_text(SESSION)
    call_command("analyze", str(path))
    return json.loads(capsys.readouterr().out)["summary"]


def test_the_analyze_json_carries_the_reliability_its_metrics_file_says(swap_metrics, capsys):
    folder = swap_metrics(icc=0.78)
    summary = analyse(folder, capsys)
    rq = summary["reliability"]["reflection_to_question"]
    assert rq["words"] == "Agrees well with trained coders (ICC 0.78)" and rq["band_shown"]
    assert summary["reflection_to_question_level"] in ("below fair", "fair", "good")
    assert summary["reliability"]["percent_change_talk"]["icc"] == 0.78

    swap_metrics(icc=0.31)
    summary = analyse(folder, capsys)
    words = summary["reliability"]["reflection_to_question"]["words"]
    assert words == "Rough hint only: low agreement with trained coders (ICC 0.31)"
    assert summary["reflection_to_question_level"] is None
    assert summary["percent_complex_reflections_level"] is None


def test_the_result_page_words_follow_the_metrics_and_a_low_figure_gets_no_band(
    swap_metrics, casey, robin, signed_in, django_capture_on_commit_callbacks
):
    signed_in(casey).post(reverse("relational:my_consent"), {"consent": "yes"})
    http = signed_in(robin)

    def result_page() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            http.post(
                reverse("relational:client_feedback", args=[casey.client.pk]),
                {"transcript": SESSION},
            )
        analysis = Analysis.objects.order_by("-pk").first()
        return visible_text(http.get(reverse("relational:analysis", args=[analysis.pk])))

    swap_metrics(icc=0.62)
    moderate = result_page()
    assert "Agrees moderately with trained coders (ICC 0.62)" in moderate
    assert "MITI 4.2.1 fair 1:1, good 2:1" in moderate  # the band is shown
    swap_metrics(icc=0.2)
    low = result_page()
    assert "Rough hint only: low agreement with trained coders (ICC 0.20)" in low
    assert "MITI 4.2.1 fair 1:1" not in low and "fair 40%" not in low
    assert "not a MITI rating" in low  # the disclaimer stays


def test_a_model_file_that_does_not_match_its_metrics_is_refused_saying_why(
    swap_metrics, tmp_path, capsys
):
    folder = swap_metrics(model_sha256="0" * 64)
    with pytest.raises(ModelMismatch, match="does not match metrics.json"):
        load(folder / "default.joblib")
    (tmp_path / "s.txt").write_text(SESSION)
    with pytest.raises(CommandError, match="measured on a model file with sha256 000000000000"):
        call_command("analyze", str(tmp_path / "s.txt"))
    (folder / "metrics.json").unlink()
    with pytest.raises(ModelMismatch, match="no readable metrics.json"):
        metrics(folder / "default.joblib")


@pytest.mark.django_db
def test_an_analysis_with_a_mismatched_model_fails_with_the_reason(swap_metrics, casey, robin):
    swap_metrics(model_sha256="0" * 64)
    analysis = Analysis.objects.create(
        client=casey.client, clinician=robin, transcript=SESSION, status="queued"
    )
    actions.grant_consent(client=casey.client)
    assert runner.run(analysis.pk) == "failed"
    analysis.refresh_from_db()
    assert "does not match metrics.json" in analysis.error and analysis.coded == ""


def test_the_shipped_model_matches_its_metrics_and_the_card_shows_them():
    assert SHIPPED["model_sha256"] == digest(DEFAULT)
    assert set(SHIPPED["session"]["figures"]) == set(figures(0.0))
    assert measured(SHIPPED) in CARD.read_text()
