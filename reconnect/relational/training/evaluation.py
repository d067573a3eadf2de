"""Honest figures: grouped cross-validation, decision offsets tuned without the rows they
score, macro-F1, and the end-to-end measure of reflection and question types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
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
    """Macro-F1 as scikit-learn's f1_score(average="macro", zero_division=0) gives it (a test
    holds the two equal), without its input checks: offset tuning scores thousands of trials,
    and those checks were most of a training run's time."""
    truth_array = np.asarray(truth, dtype=str)
    predicted_array = np.asarray(predicted, dtype=str)
    names = np.union1d(truth_array, predicted_array) if labels is None else np.asarray(labels)
    if not len(names):
        return 0.0
    actual = truth_array[:, None] == names
    chosen = predicted_array[:, None] == names
    hits = (actual & chosen).sum(axis=0)
    misses = (actual != chosen).sum(axis=0)  # false positives and false negatives
    scored = 2 * hits + misses
    per_class = np.divide(2 * hits, scored, out=np.zeros(len(names)), where=scored > 0)
    return float(per_class.mean())


class OutOfFold:
    """One task's out-of-fold log-probabilities (rows in the task's order) and each row's fold."""

    def __init__(self, classes: np.ndarray, log_probs: np.ndarray, folds: np.ndarray) -> None:
        self.classes = classes
        self.log_probs = log_probs
        self.folds = folds


class DomainOutOfFold:
    """Out-of-fold log-probabilities of every task for every row of a domain (a subtype model
    scores every utterance, as the engine does), each row's fold (-1: a row that is only ever
    trained on, such as a clinician's correction), and each task's labelled rows."""

    def __init__(
        self, tasks: Tasks, classes: dict[str, np.ndarray], log_probs: dict[str, np.ndarray]
    ) -> None:
        self.tasks = tasks
        self.classes = classes
        self.log_probs = log_probs
        self.folds = np.full(len(next(iter(log_probs.values()))), -1)

    def scored(self, task: str) -> tuple[list[int], list[str]]:
        """The task's labelled rows that were scored out of fold, and their labels."""
        idx, labels = self.tasks[task]
        kept = [(i, y) for i, y in zip(idx, labels, strict=True) if self.folds[i] >= 0]
        return [i for i, _ in kept], [y for _, y in kept]

    def task(self, task: str) -> OutOfFold:
        idx, _ = self.scored(task)
        return OutOfFold(self.classes[task], self.log_probs[task][idx], self.folds[idx])


def cross_validate(
    rows: Sequence[Row], tasks: Tasks, features: Callable[[], FeatureUnion], c: float
) -> DomainOutOfFold:
    """Out-of-fold probabilities, folds grouped so no video or seeker post is on both sides.

    Rows marked `extra` (clinicians' corrections) join every fold's training side and are
    never scored, so the figures stay measured on the research data alone."""
    base = [i for i, r in enumerate(rows) if not r.get("extra")]
    extra = [i for i, r in enumerate(rows) if r.get("extra")]
    groups = [rows[i]["group"] for i in base]
    classes: dict[str, np.ndarray] = {}
    log_probs: dict[str, np.ndarray] = {}
    folds = np.full(len(rows), -1)
    for fold, (train_pos, test_pos) in enumerate(
        GroupKFold(n_splits=FOLDS).split(base, groups=groups)
    ):
        train_idx = [base[p] for p in train_pos] + extra
        test_idx = [base[p] for p in test_pos]
        folds[test_idx] = fold
        position = {i: k for k, i in enumerate(train_idx)}
        extractor = features().fit([rows[i] for i in train_idx])
        train_matrix = extractor.transform([rows[i] for i in train_idx])
        test_matrix = extractor.transform([rows[i] for i in test_idx])
        for name, (idx, labels) in tasks.items():
            fit_rows = [(position[i], y) for i, y in zip(idx, labels, strict=True) if i in position]
            model = classifier(c).fit(
                train_matrix[[k for k, _ in fit_rows]], [y for _, y in fit_rows]
            )
            classes[name] = model.classes_
            if name not in log_probs:
                log_probs[name] = np.zeros((len(rows), len(model.classes_)))
            probs = model.predict_proba(test_matrix)
            log_probs[name][test_idx] = np.log(np.clip(probs, 1e-12, None))
    oof = DomainOutOfFold(tasks, classes, log_probs)
    oof.folds = folds
    return oof


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


def nested_everywhere(oof: DomainOutOfFold, task: str) -> list[str | None]:
    """Every scored row's class for one task (None for rows never scored), each fold with
    offsets tuned on the other folds' labelled rows only: the codes the engine would have
    given an unseen session."""
    idx, labels = oof.scored(task)
    truth = np.asarray(labels)
    task_folds = oof.folds[idx]
    chosen: list[str | None] = [None] * len(oof.folds)
    for fold in np.unique(task_folds):
        outside = task_folds != fold
        offsets = tune_offsets(
            oof.classes[task], oof.log_probs[task][idx][outside], truth[outside].tolist()
        )
        inside = np.flatnonzero(oof.folds == fold)
        for i, label in zip(
            inside, choose(oof.classes[task], oof.log_probs[task][inside], offsets), strict=True
        ):
            chosen[int(i)] = str(label)
    return chosen


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
