"""Honest figures: grouped cross-validation, decision offsets tuned without the rows they
score, macro-F1, and the end-to-end measure of reflection and question types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion

from reconnect.relational.training.data import Row, Tasks
from reconnect.relational.training.estimators import FOLDS, classifier

OFFSET_MARGIN = 0.005


def macro_f1(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Macro-averaged F1, rounded to three places for reporting."""
    return round(f1(truth, predicted, labels), 3)


def f1(truth: Any, predicted: Any, labels: Sequence[str] | None = None) -> float:
    return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))


class OutOfFold:
    """One task's out-of-fold log-probabilities (rows in the task's order) and each row's fold."""

    def __init__(self, classes: np.ndarray, log_probs: np.ndarray, folds: np.ndarray) -> None:
        self.classes = classes
        self.log_probs = log_probs
        self.folds = folds


def cross_validate(
    rows: Sequence[Row], tasks: Tasks, features: Callable[[], FeatureUnion], c: float
) -> dict[str, OutOfFold]:
    """Out-of-fold probabilities, folds grouped so no video or seeker post is on both sides."""
    groups = [r["group"] for r in rows]
    parts: dict[str, dict[int, tuple[int, np.ndarray]]] = {name: {} for name in tasks}
    classes: dict[str, np.ndarray] = {}
    splits = GroupKFold(n_splits=FOLDS).split(rows, groups=groups)
    for fold, (train_idx, test_idx) in enumerate(splits):
        train_set, test_set = set(train_idx.tolist()), set(test_idx.tolist())
        extractor = features().fit([rows[i] for i in train_idx])
        for name, (idx, labels) in tasks.items():
            fit_rows = [(i, y) for i, y in zip(idx, labels, strict=True) if i in train_set]
            test_rows = [i for i in idx if i in test_set]
            if not test_rows:
                continue
            model = classifier(c).fit(
                extractor.transform([rows[i] for i, _ in fit_rows]), [y for _, y in fit_rows]
            )
            classes[name] = model.classes_
            probs = model.predict_proba(extractor.transform([rows[i] for i in test_rows]))
            for i, p in zip(test_rows, probs, strict=True):
                parts[name][i] = (fold, np.log(np.clip(p, 1e-12, None)))
    return {
        name: OutOfFold(
            classes[name],
            np.vstack([parts[name][i][1] for i in idx]),
            np.array([parts[name][i][0] for i in idx]),
        )
        for name, (idx, _) in tasks.items()
    }


def choose(classes: np.ndarray, log_probs: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each row's class once the offsets are added to its log-probabilities."""
    chosen: np.ndarray = classes[np.argmax(log_probs + offsets, axis=1)]
    return chosen


def tune_offsets(
    classes: np.ndarray, log_probs: np.ndarray, truth: Sequence[str], rounds: int = 2
) -> np.ndarray:
    """Per-class offsets added to the log-probabilities that raise macro-F1.

    Class-balanced training still leaves rare levels (a weak emotional reaction or
    interpretation) under-predicted; a coordinate search over a small grid, the first class
    fixed at 0, moves each boundary. A move must gain at least OFFSET_MARGIN, so noise in the
    tuning rows does not move a boundary that was already right (chosen by grouped CV)."""
    offsets = np.zeros(len(classes))
    best = f1(truth, choose(classes, log_probs, offsets))
    grid = sorted(np.linspace(-1.0, 1.0, 11), key=abs)
    for _ in range(rounds):
        for k in range(1, len(classes)):
            for value in grid:
                trial = offsets.copy()
                trial[k] = value
                score = f1(truth, choose(classes, log_probs, trial))
                if score > best + OFFSET_MARGIN:
                    best, offsets = score, trial
    return offsets


def nested_predictions(oof: OutOfFold, truth: Sequence[str]) -> list[str]:
    """Each fold's predictions with offsets tuned on the other folds only, so the reported
    figures never see the rows they score."""
    truth_array = np.asarray(truth)
    predicted = np.empty(len(truth_array), dtype=object)
    for fold in np.unique(oof.folds):
        inside, outside = oof.folds == fold, oof.folds != fold
        offsets = tune_offsets(oof.classes, oof.log_probs[outside], truth_array[outside].tolist())
        predicted[inside] = choose(oof.classes, oof.log_probs[inside], offsets)
    return [str(p) for p in predicted]


def end_to_end(tasks: Tasks, predicted: dict[str, dict[int, str]]) -> dict[str, float]:
    """Reflection type over every utterance the annotators coded as a reflection: one the model
    did not recognise as a reflection counts as wrong (the project's measure); and the same for
    question type."""
    figures = {}
    for task, behaviour, labels in (
        ("reflection_type", "reflection", ["simple", "complex"]),
        ("question_type", "question", ["open", "closed"]),
    ):
        gold_idx, gold = tasks[task]
        chosen = [
            predicted[task][i] if predicted["behaviour"][i] == behaviour else "missed"
            for i in gold_idx
        ]
        figures[f"{task}_end_to_end"] = macro_f1(gold, chosen, labels)
    return figures
