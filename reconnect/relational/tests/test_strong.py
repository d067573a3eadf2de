"""The strong model: a fine-tuned MiniLM encoder shipped as int8 ONNX, run with onnxruntime and
tokenizers on the CPU, offline, never torch; every figure with its own measured reliability; a
file that does not match its metrics is refused; and the pieces of its training that need no
torch (the pairs it reads, the validation split, the scores) on small synthetic data."""

from __future__ import annotations

import json
import socket
import sys

import numpy as np
import pytest
from django.core.checks import run_checks

from reconnect.relational import runner
from reconnect.relational.engine import analyze_text, analyze_utterances, parse, strong
from reconnect.relational.engine.context import reply_pair, utterance_pairs
from reconnect.relational.engine.encoder import HEADS, columns
from reconnect.relational.engine.model import MODELS, ModelMismatch, digest, load, metrics
from reconnect.relational.engine.reliability import reliability
from reconnect.relational.models import Analysis
from reconnect.relational.tests.test_train_command import _annomi, _epitome
from reconnect.relational.training import strong_data
from reconnect.relational.training.card import CARD, measured_strong
from reconnect.relational.training.train import light_on_split

SESSION = """T: How have things been since we last met?
C: Pretty rough. I've been drinking more than I wanted to. I want to be there for my kids.
T: You're worried about what it's costing you with your kids.
C: Yeah, exactly. I want to cut down, I really do.
T: What would help most this week?
"""
SHIPPED = json.loads((MODELS / "strong-metrics.json").read_text())
CLASSES = dict(HEADS)


def test_the_strong_model_codes_a_session_offline_and_never_loads_torch(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the engine tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = analyze_text(SESSION, model="strong")
    coded = result["utterances"]
    assert [u["speaker"] for u in coded] == ["therapist", "client"] * 2 + ["therapist"]
    for u in coded:
        if u["speaker"] == "client":
            assert u["talk_type"] in CLASSES["talk_type"] and u["behaviour"] is None
        else:
            assert u["behaviour"] in CLASSES["behaviour"] and u["talk_type"] is None
            if u["behaviour"] != "reflection":
                assert u["reflection_type"] is None
    assert coded[4]["behaviour"] == "question" and coded[4]["question_type"] == "open"
    json.dumps(result)
    assert "torch" not in sys.modules


def test_each_figure_carries_the_strong_models_own_measured_reliability():
    summary = analyze_text(SESSION, model="strong")["summary"]
    measured = reliability(metrics(strong.MODEL_FILE))
    for name, figure in measured.items():
        assert summary["reliability"][name]["words"] == figure["words"]
    assert measured != reliability(metrics())  # not the default model's figures


def test_progress_is_reported_batch_by_batch_up_to_the_whole_session():
    lines = "".join(
        f"T: What happened on day {k}?\nC: I walked to the shop on day {k}.\n" for k in range(40)
    )
    seen: list[float] = []
    result = analyze_utterances(parse(lines), model="strong", progress=seen.append)
    assert len(result["utterances"]) == 80
    assert len(seen) == 3 and seen == sorted(seen) and seen[-1] == 1.0


def test_a_strong_model_file_that_does_not_match_its_metrics_is_refused_saying_why(tmp_path):
    (tmp_path / "strong.onnx").symlink_to(strong.MODEL_FILE)
    (tmp_path / "strong-metrics.json").write_text(json.dumps({**SHIPPED, "model_sha256": "0" * 64}))
    with pytest.raises(ModelMismatch, match="does not match strong-metrics.json"):
        load(tmp_path / "strong.onnx")


def test_a_strong_model_beside_another_vocabulary_is_refused_saying_why(tmp_path):
    (tmp_path / "strong.onnx").symlink_to(strong.MODEL_FILE)
    (tmp_path / "strong-metrics.json").write_text(json.dumps(SHIPPED))
    with pytest.raises(ModelMismatch, match="strong-vocab.txt beside strong.onnx is missing"):
        load(tmp_path / "strong.onnx")
    words = strong.VOCABULARY.read_text().splitlines()
    (tmp_path / "strong-vocab.txt").write_text("\n".join(words[:1000]))
    with pytest.raises(ModelMismatch, match="not the one it was trained with"):
        load(tmp_path / "strong.onnx")


def test_the_shipped_strong_model_matches_its_metrics_and_every_task_was_measured():
    assert SHIPPED["model_sha256"] == digest(strong.MODEL_FILE)
    assert SHIPPED["vocabulary_sha256"] == digest(strong.VOCABULARY)
    for task in ("behaviour", "talk_type", "reflection_type_end_to_end", "interpretations"):
        assert 0 < SHIPPED["macro_f1"][task] <= 1
        assert 0 < SHIPPED["default_same_split"]["macro_f1"][task] <= 1
    assert set(SHIPPED["session"]["figures"]) == set(reliability({}))
    assert measured_strong(SHIPPED) in CARD.read_text()


def test_the_model_files_in_the_repository_stay_within_30_mb():
    assert sum(path.stat().st_size for path in MODELS.iterdir()) <= 30_000_000


@pytest.mark.django_db
def test_a_program_that_chose_the_strong_model_codes_uploads_with_it(settings, casey, robin):
    settings.RECONNECT = {**settings.RECONNECT, "RELATIONAL_MODEL": "strong"}
    from reconnect.relational import actions

    actions.grant_consent(client=casey.client)
    analysis = Analysis.objects.create(
        client=casey.client, clinician=robin, transcript=SESSION, status="queued"
    )
    assert runner.run(analysis.pk) == "done"
    analysis.refresh_from_db()
    assert analysis.progress == 100
    assert analysis.model_version == f"strong {digest(strong.MODEL_FILE)[:12]}"


def test_the_start_up_check_names_an_unknown_or_missing_model(settings, monkeypatch, tmp_path):
    settings.RECONNECT = {**settings.RECONNECT, "RELATIONAL_MODEL": "bigger"}
    assert "reconnect.E033" in {e.id for e in run_checks()}
    settings.RECONNECT = {**settings.RECONNECT, "RELATIONAL_MODEL": "strong"}
    assert "reconnect.E034" not in {e.id for e in run_checks()}
    monkeypatch.setattr(strong, "MODEL_FILE", tmp_path / "strong.onnx")
    assert "reconnect.E034" in {e.id for e in run_checks()}


def test_each_turn_is_read_with_the_next_turn_then_earlier_turns_nearest_first():
    turns = [
        ("therapist", "Hi."),
        ("client", "I drank."),
        ("therapist", "You drank."),
        ("client", "Yes."),
    ]
    pairs = utterance_pairs(turns)
    assert pairs[2] == (
        "counsellor: You drank.",
        "next client: Yes. | client: I drank. | counsellor: Hi.",
    )
    assert pairs[0] == ("counsellor: Hi.", "next client: I drank.")
    assert pairs[3] == (
        "client: Yes.",
        "counsellor: You drank. | client: I drank. | counsellor: Hi.",
    )
    assert reply_pair("I feel alone.", "That sounds hard.") == (
        "reply: That sounds hard.",
        "post: I feel alone.",
    )


def test_a_correction_is_read_with_the_turns_it_was_kept_with():
    row = {
        "text": "You want to cut down.",
        "prev": "I drink too much.",
        "next": "Exactly.",
        "speaker": "therapist",
        "group": "correction-1",
        "transcript": "correction-1",
        "position": 7,
        "codes": {"main_therapist_behaviour": "reflection", "reflection_subtype": "complex"},
        "extra": True,
    }
    example = strong_data.correction_example(row)
    assert example["pair"] == (
        "counsellor: You want to cut down.",
        "next client: Exactly. | client: I drink too much.",
    )
    assert example["labels"] == {"behaviour": "reflection", "reflection_type": "complex"}


@pytest.fixture
def corpus(tmp_path):
    _annomi(tmp_path / "annomi", videos=10)
    _epitome(tmp_path / "epitome")
    return tmp_path


def test_the_validation_split_keeps_each_video_and_post_on_one_side(corpus):
    train, valid = strong_data.examples(corpus)
    for source in ("annomi", "epitome"):
        left = {e["group"] for e in train if e["source"] == source}
        right = {e["group"] for e in valid if e["source"] == source}
        assert left and right and not left & right


def test_the_default_model_is_scored_on_the_same_validation_rows(corpus):
    _, valid = strong_data.examples(corpus)
    found = light_on_split(corpus / "annomi", corpus / "epitome", {e["group"] for e in valid})
    assert {"behaviour", "talk_type", "reflection_type_end_to_end", "explorations"} <= set(
        found["macro_f1"]
    )
    assert found["session"]["sessions"] == len(
        {e["row"]["transcript"] for e in valid if e["source"] == "annomi"}
    )


def test_a_reflection_coded_as_something_else_counts_against_reflection_type_end_to_end():
    cols = columns()
    examples = [
        {"labels": {"behaviour": "reflection", "reflection_type": "simple"}},
        {"labels": {"behaviour": "reflection", "reflection_type": "complex"}},
    ]
    logits = np.zeros((2, sum(len(c) for _, c in HEADS)))
    logits[0, cols["behaviour"].start + 0] = 5  # reflection, simple: right
    logits[0, cols["reflection_type"].start + 0] = 5
    logits[1, cols["behaviour"].start + 1] = 5  # coded a question: the complex one is missed
    logits[1, cols["reflection_type"].start + 1] = 5
    found = strong_data.scores(logits, examples)
    assert found["reflection_type"] == 1.0
    assert found["reflection_type_end_to_end"] == 0.5  # simple F1 1, complex F1 0
