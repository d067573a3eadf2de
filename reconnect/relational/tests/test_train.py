"""Training: decision offsets, the honest (nested) figures, and the measure the project uses
for reflection type. Synthetic data only: the research data never ships with the project."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from reconnect.relational.training import data, evaluation, features, portable
from tests.profile import examples

RNG = np.random.default_rng(7)
POINTS = RNG.normal(size=(300, 4))


def _fitted(classes: int) -> LogisticRegression:
    labels = np.digitize(POINTS[:, 0] + 0.5 * POINTS[:, 1], [-0.4, 0.6][: classes - 1])
    return LogisticRegression().fit(POINTS, [f"level{k}" for k in labels])


BINARY, THREE = _fitted(2), _fitted(3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=3, max_size=3), st.sampled_from([BINARY, THREE]))
def test_a_shifted_model_decides_as_log_probabilities_plus_offsets(offsets, estimator):
    offsets = np.array(offsets[: len(estimator.classes_)])
    expected = estimator.classes_[np.argmax(estimator.predict_log_proba(POINTS) + offsets, 1)]
    shifted = portable.linear_model(estimator).shifted(offsets)
    disagreements = (shifted.predict(POINTS) != expected).sum()
    assert disagreements <= 1  # float32 weights may flip a point sitting on a boundary


def _skewed(rows: int = 600, seed: int = 1) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Log-probabilities of a model that under-predicts its rare class "1"."""
    rng = np.random.default_rng(seed)
    truth = rng.choice(["0", "1", "2"], size=rows, p=[0.6, 0.1, 0.3])
    scores = rng.normal(size=(rows, 3))
    scores[np.arange(rows), np.searchsorted(["0", "1", "2"], truth)] += 1.5
    scores[:, 1] -= 1.2
    log_probs = scores - np.log(np.exp(scores).sum(1, keepdims=True))
    return np.array(["0", "1", "2"]), log_probs, truth.tolist()


LEVELS = st.sampled_from(["0", "1", "2", "n/a", "open"])


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.tuples(LEVELS, LEVELS), min_size=1, max_size=40),
    st.none() | st.lists(LEVELS, min_size=1, max_size=5, unique=True),
)
def test_macro_f1_is_scikit_learns(pairs, labels):
    truth, predicted = [t for t, _ in pairs], [p for _, p in pairs]
    expected = f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
    assert evaluation.f1(truth, predicted, labels) == pytest.approx(expected, abs=1e-12)


def test_offsets_give_an_under_predicted_rare_class_its_share():
    classes, log_probs, truth = _skewed()
    offsets = evaluation.tune_offsets(classes, log_probs, truth)
    before = evaluation.macro_f1(truth, evaluation.choose(classes, log_probs, np.zeros(3)).tolist())
    after = evaluation.macro_f1(truth, evaluation.choose(classes, log_probs, offsets).tolist())
    assert offsets[0] == 0 and offsets[1] > 0
    assert after >= before + 0.03


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_tuned_offsets_never_lower_macro_f1_on_the_rows_they_were_tuned_on(seed):
    classes, log_probs, truth = _skewed(rows=200, seed=seed)
    offsets = evaluation.tune_offsets(classes, log_probs, truth)
    assert evaluation.f1(truth, evaluation.choose(classes, log_probs, offsets)) >= evaluation.f1(
        truth, evaluation.choose(classes, log_probs, np.zeros(3))
    )


def test_nested_figures_tune_each_fold_on_the_other_folds_only(monkeypatch):
    classes, log_probs, truth = _skewed(rows=500)
    folds = np.arange(500) % 5
    seen = []
    real = evaluation.tune_offsets

    def spy(classes, rows, labels, **kwargs):
        seen.append({tuple(np.round(r, 6)) for r in rows})
        return real(classes, rows, labels, **kwargs)

    monkeypatch.setattr(evaluation, "tune_offsets", spy)
    predicted = evaluation.nested_predictions(
        evaluation.OutOfFold(classes, log_probs, folds), truth
    )
    assert len(predicted) == 500 and len(seen) == 5
    for fold, tuned_on in enumerate(seen):
        scored = {tuple(np.round(r, 6)) for r in log_probs[folds == fold]}
        assert not scored & tuned_on


def _row(behaviour: str, reflection: str = "n/a", question: str = "n/a") -> dict:
    return {
        "codes": {
            "main_therapist_behaviour": behaviour,
            "reflection_subtype": reflection,
            "question_subtype": question,
        }
    }


@pytest.mark.parametrize(
    ("row", "reflection", "question"),
    [
        (_row("reflection", "complex"), "complex", None),
        (_row("question", "simple", "open"), None, "open"),  # a question with a reflection in it
        (_row("therapist_input", "simple", "closed"), None, None),
        (_row("other"), None, None),
    ],
)
def test_subtypes_are_scored_only_where_annotators_coded_that_main_behaviour(
    row, reflection, question
):
    assert data.subtype(row, "reflection") == reflection
    assert data.subtype(row, "question") == question


def test_a_reflection_the_model_did_not_recognise_counts_as_wrong():
    tasks = {
        "reflection_type": ([0, 1, 2, 3], ["simple", "complex", "simple", "complex"]),
        "question_type": ([4, 5], ["open", "closed"]),
    }
    predicted = {
        "behaviour": {0: "reflection", 1: "reflection", 2: "question", 3: "other"}
        | {4: "question", 5: "question"},
        "reflection_type": {0: "simple", 1: "complex", 2: "simple", 3: "complex"},
        "question_type": {4: "open", 5: "closed"},
    }
    figures = evaluation.end_to_end(tasks, predicted)
    # Each class: precision 1, recall 1/2, so F1 2/3 although every recognised one is right.
    assert figures["reflection_type_end_to_end"] == pytest.approx(0.667)
    assert figures["question_type_end_to_end"] == 1.0


def test_a_sentence_is_a_rationale_when_it_overlaps_a_marked_span():
    spans = ["I've been there too, it gets better"]
    assert features.in_rationale(" I've been there too, it gets better. ", spans) == 1
    assert features.in_rationale("Have you talked to anyone?", spans) == 0


def _replies(count: int = 40) -> list[dict]:
    rows = []
    for k in range(count):
        feeling = k % 2 == 0
        text = ("I'm so sorry you're going through this. " if feeling else "Try running. ") + (
            "What happened next?" if k % 3 == 0 else "I went through the same thing."
        )
        rows.append(
            {
                "id": f"r{k}",
                "group": f"post{k // 2}",
                "text": text,
                "rationales": {
                    "emotional_reactions": ["I'm so sorry you're going through this"]
                    if feeling
                    else [],
                    "interpretations": ["I went through the same thing"] if k % 3 else [],
                    "explorations": ["What happened next?"] if k % 3 == 0 else [],
                },
            }
        )
    return rows


def test_rationale_cues_read_each_mechanism_from_the_reply_sentences():
    step = features.Rationales().fit(_replies())
    fresh = step.portable.transform([{"text": "I'm so sorry. What happened next?"}]).toarray()[0]
    assert fresh.shape == (15,)  # highest, mean, count/3 and two lengths, per mechanism
    for highest, mean in ((fresh[0], fresh[1]), (fresh[5], fresh[6]), (fresh[10], fresh[11])):
        assert 0 <= mean <= highest <= 1
    explores, plain = step.portable.transform(
        [{"text": "What happened next?"}, {"text": "Try running."}]
    ).toarray()
    assert explores[10] > plain[10]  # the exploration question reads as one


def test_rows_a_rationale_step_was_fitted_on_get_values_from_models_that_never_saw_them():
    rows = _replies()
    step = features.Rationales().fit(rows)
    seen = step.transform(rows[:4]).toarray()
    fresh = step.transform([{"text": r["text"]} for r in rows[:4]]).toarray()
    assert (seen != fresh).any()
    assert (seen == np.vstack([step.held_out[r["id"]] for r in rows[:4]])).all()
