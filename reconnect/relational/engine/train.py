"""Training the default models from AnnoMI (MI codes) and EPITOME (empathy levels).

Reproducible: fixed seeds, grouped cross-validation (by video for AnnoMI, by seeker post for
EPITOME, never a random row split), then a final fit on all the training files. The data is read
from a folder given on the command line and never copied into the project.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from reconnect.relational.engine.features import (
    Cues,
    FeatureSet,
    Field,
    LinearModel,
    RationaleCues,
    Vocabulary,
    contexts,
    sentences,
)
from reconnect.relational.engine.parse import Utterance

SEED = 20261127
FOLDS = 5
OFFSET_MARGIN = 0.005
EMPATHY = {
    "emotional_reactions": "emotional-reactions-reddit-train.csv",
    "interpretations": "interpretations-reddit-train.csv",
    "explorations": "explorations-reddit-train.csv",
}


def utterance_features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("word", Pipeline([("f", Field("text")), ("v", _words())])),
            ("char", Pipeline([("f", Field("text")), ("v", _chars())])),
            ("prev", Pipeline([("f", Field("prev")), ("v", _words(max_features=20000))])),
            ("next", Pipeline([("f", Field("next")), ("v", _words(max_features=10000))])),
            ("cues", Cues()),
        ]
    )


def reply_features() -> FeatureUnion:
    """For a written reply to someone's post (empathy levels)."""
    return FeatureUnion(
        [
            ("word", Pipeline([("f", Field("text")), ("v", _words())])),
            ("char", Pipeline([("f", Field("text")), ("v", _chars())])),
            ("post", Pipeline([("f", Field("prev")), ("v", _words(max_features=20000))])),
            ("cues", Cues()),
            ("rationales", Rationales()),
        ]
    )


class Rationales:
    """Training step for `RationaleCues`: sentence models fitted on all the rows given, while
    those rows themselves get values from models fitted without their seeker post (inner
    grouped folds), so the classifier above learns how far to trust the cues on unseen replies."""

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}

    def fit(self, rows: Sequence[dict[str, Any]], y: Any = None) -> Rationales:
        rows = list(rows)
        self.portable = _fit_rationales(rows)
        self.held_out: dict[str, np.ndarray] = {}
        groups = [r["group"] for r in rows]
        for inner_train, inner_test in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
            inner = _fit_rationales([rows[i] for i in inner_train])
            values = inner.transform([rows[i] for i in inner_test]).toarray()
            for i, row_values in zip(inner_test, values, strict=True):
                self.held_out[rows[i]["id"]] = row_values
        return self

    def fit_transform(self, rows: Sequence[dict[str, Any]], y: Any = None) -> Any:
        return self.fit(rows).transform(rows)

    def transform(self, rows: Sequence[dict[str, Any]]) -> Any:
        from scipy import sparse

        full = self.portable.transform(rows).toarray()
        return sparse.csr_matrix(
            np.vstack([self.held_out.get(r.get("id"), full[k]) for k, r in enumerate(rows)])
        )


def _fit_rationales(rows: Sequence[dict[str, Any]]) -> RationaleCues:
    """One sentence model per empathy mechanism: is this sentence part of an annotator's
    rationale for it (the sentence overlaps one of the marked spans)?"""
    texts, marked = [], {name: [] for name in EMPATHY}
    for row in rows:
        for sentence in sentences(row["text"]):
            texts.append(sentence)
            for name in EMPATHY:
                marked[name].append(_in_rationale(sentence, row["rationales"][name]))
    vectorizer = _words(max_features=20000).fit(texts)
    matrix = vectorizer.transform(texts)
    return RationaleCues(
        Vocabulary.from_sklearn(vectorizer),
        {
            name: LinearModel.from_estimator(classifier(1.0).fit(matrix, marked[name]))
            for name in EMPATHY
        },
    )


def _in_rationale(sentence: str, spans: Sequence[str]) -> int:
    sentence = sentence.strip()
    return int(any(sentence[:40] in span or span[:40] in sentence for span in spans))


def _words(max_features: int = 40000) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        max_features=max_features,
        token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 (a regex, not a secret)
    )


def _chars() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=60000
    )


def classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)


def load_annomi(folder: Path) -> list[dict[str, Any]]:
    """One row per utterance (the first annotator's codes), with its context, in order."""
    rows = list(csv.DictReader((folder / "AnnoMI-full-train.csv").open(encoding="utf-8")))
    first: dict[tuple[str, int], dict[str, str]] = {}
    for row in sorted(
        rows, key=lambda r: (r["transcript_id"], int(r["utterance_id"]), r["annotator_id"])
    ):
        first.setdefault((row["transcript_id"], int(row["utterance_id"])), row)
    by_transcript: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (transcript, _), row in sorted(first.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        by_transcript[transcript].append(row)
    out = []
    for transcript, turns in by_transcript.items():
        utterances = [
            Utterance(i, t["interlocutor"], t["utterance_text"]) for i, t in enumerate(turns)
        ]
        for turn, context in zip(turns, contexts(utterances), strict=True):
            out.append(
                {**context, "group": turn["video_url"], "codes": turn, "transcript": transcript}
            )
    return out


def load_epitome_pairs(folder: Path) -> list[dict[str, Any]]:
    """Each (seeker post, response) pair once, with its level on every empathy dimension."""
    pairs: dict[str, dict[str, Any]] = {}
    for name, file in EMPATHY.items():
        for r in csv.DictReader((folder / file).open(encoding="utf-8")):
            row = pairs.setdefault(
                r["rp_id"],
                {
                    "id": r["rp_id"],
                    "text": r["response_post"],
                    "prev": r["seeker_post"],
                    "group": r["sp_id"],
                    "labels": {},
                    "rationales": {},
                },
            )
            row["labels"][name] = r["level"]
            spans = (span.strip() for span in r["rationales"].split("|"))
            row["rationales"][name] = [span for span in spans if len(span) > 3]
    return [pairs[k] for k in sorted(pairs)]


def macro_f1(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Macro-averaged F1, rounded to three places for reporting."""
    return round(_f1(truth, predicted, labels), 3)


def _f1(truth: Any, predicted: Any, labels: Sequence[str] | None = None) -> float:
    return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))


Tasks = dict[str, tuple[list[int], list[str]]]


def fit_domain(
    rows: Sequence[dict[str, Any]],
    tasks: Tasks,
    features: Any,
    c: float,
    offsets: dict[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """One feature extractor shared by the domain's tasks, and one classifier per task, its
    intercepts shifted by the task's decision offsets (see `tune_offsets`)."""
    extractor = features().fit(rows)
    matrix = extractor.transform(rows)
    portable = _portable(extractor)
    # Without their ids, so training steps that hold values for seen rows compute them afresh.
    sample = [{k: v for k, v in row.items() if k != "id"} for row in rows[:200]]
    difference = abs(portable.transform(sample) - extractor.transform(sample)).max()
    if difference > 1e-4:  # embeddings may differ in the last float bits between batches
        raise RuntimeError(f"the portable features differ from scikit-learn's by {difference}")
    models = {}
    for name, (idx, labels) in tasks.items():
        model = LinearModel.from_estimator(classifier(c).fit(matrix[idx], labels))
        if offsets and name in offsets:
            model = model.shifted(offsets[name])
        models[name] = model
    return {"features": portable, "models": models}


def _portable(union: FeatureUnion) -> Any:
    """The fitted union in the form inference loads (no scikit-learn import needed)."""
    steps = union.transformer_list
    if steps and isinstance(steps[-1][1], _Embedded):
        from reconnect.relational.engine.strong import StrongFeatures

        base = FeatureSet.from_union(FeatureUnion(steps[:-1]))
        return StrongFeatures(base, steps[-1][1].fields)
    return FeatureSet.from_union(union)


class OutOfFold:
    """One task's out-of-fold log-probabilities (rows in the task's order) and each row's fold."""

    def __init__(self, classes: np.ndarray, log_probs: np.ndarray, folds: np.ndarray) -> None:
        self.classes = classes
        self.log_probs = log_probs
        self.folds = folds


def cross_validate(
    rows: Sequence[dict[str, Any]], tasks: Tasks, features: Any, c: float
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


def _choose(classes: np.ndarray, log_probs: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    return classes[np.argmax(log_probs + offsets, axis=1)]


def tune_offsets(
    classes: np.ndarray, log_probs: np.ndarray, truth: Sequence[str], rounds: int = 2
) -> np.ndarray:
    """Per-class offsets added to the log-probabilities that raise macro-F1.

    Class-balanced training still leaves rare levels (a weak emotional reaction or
    interpretation) under-predicted; a coordinate search over a small grid, the first class
    fixed at 0, moves each boundary. A move must gain at least OFFSET_MARGIN, so noise in the
    tuning rows does not move a boundary that was already right (chosen by grouped CV)."""
    offsets = np.zeros(len(classes))
    best = _f1(truth, _choose(classes, log_probs, offsets))
    grid = sorted(np.linspace(-1.0, 1.0, 11), key=abs)
    for _ in range(rounds):
        for k in range(1, len(classes)):
            for value in grid:
                trial = offsets.copy()
                trial[k] = value
                score = _f1(truth, _choose(classes, log_probs, trial))
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
        predicted[inside] = _choose(oof.classes, oof.log_probs[inside], offsets)
    return [str(p) for p in predicted]


def _indexed(
    rows: Sequence[dict[str, Any]], keep: Callable[[dict[str, Any]], str | None]
) -> tuple[list[int], list[str]]:
    picked = [(i, keep(r)) for i, r in enumerate(rows)]
    pairs = [(i, label) for i, label in picked if label]
    return [i for i, _ in pairs], [label for _, label in pairs]


def train(
    annomi: Path,
    epitome: Path,
    out: Path,
    *,
    evaluate: bool = True,
    c: float = 1.0,
    strong: bool = False,
) -> dict[str, Any]:
    """Cross-validate (optionally), fit on everything, write models and metrics; return metrics.

    With `strong`, MiniLM sentence embeddings of each text field join the default features and
    the result goes to strong.joblib / strong-metrics.json (needs the `strong` extra)."""
    np.random.seed(SEED)
    data = load_annomi(annomi)
    therapist = [r for r in data if r["speaker"] == "therapist"]
    client = [r for r in data if r["speaker"] == "client"]
    domains: dict[str, tuple[list[dict[str, Any]], Tasks, Any]] = {
        "therapist": (
            therapist,
            {
                "behaviour": _indexed(therapist, lambda r: r["codes"]["main_therapist_behaviour"]),
                "reflection_type": _indexed(therapist, lambda r: _subtype(r, "reflection")),
                "question_type": _indexed(therapist, lambda r: _subtype(r, "question")),
            },
            utterance_features,
        ),
        "client": (
            client,
            {"talk_type": _indexed(client, lambda r: r["codes"]["client_talk_type"])},
            utterance_features,
        ),
    }
    replies = load_epitome_pairs(epitome)
    domains["reply"] = (
        replies,
        {name: _indexed(replies, lambda r, n=name: r["labels"][n]) for name in EMPATHY},
        reply_features,
    )
    if strong:
        domains = _with_embeddings(domains)
    metrics: dict[str, Any] = {
        "seed": SEED,
        "folds": FOLDS,
        "C": c,
        "grouping": {"annomi": "video_url", "epitome": "sp_id"},
        "macro_f1": {},
        "offsets": {},
        "counts": {},
    }
    offsets: dict[str, np.ndarray] = {}
    if evaluate:
        for domain, (rows, tasks, features) in domains.items():
            oof = cross_validate(rows, tasks, features, c)
            predicted = {}
            for task, (idx, labels) in tasks.items():
                predicted[task] = dict(zip(idx, nested_predictions(oof[task], labels), strict=True))
                metrics["macro_f1"][task] = macro_f1(labels, list(predicted[task].values()))
                offsets[task] = tune_offsets(oof[task].classes, oof[task].log_probs, labels)
                rounded = np.round(offsets[task], 2).tolist()
                metrics["offsets"][task] = dict(
                    zip(oof[task].classes.tolist(), rounded, strict=True)
                )
            if domain == "therapist":
                metrics["macro_f1"].update(_end_to_end(tasks, predicted))
    bundle = {}
    for domain, (rows, tasks, features) in domains.items():
        bundle[domain] = fit_domain(rows, tasks, features, c, offsets)
        for task, (idx, _) in tasks.items():
            metrics["counts"][task] = len(idx)
    out.mkdir(parents=True, exist_ok=True)
    name = "strong" if strong else "default"
    # Uncompressed: loads about twice as fast, which matters for the 2-second start-up target.
    joblib.dump(bundle, out / f"{name}.joblib")
    metrics_file = "strong-metrics.json" if strong else "metrics.json"
    (out / metrics_file).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    return metrics


class _Embedded:
    """Training step: the precomputed embeddings of some fields, as sparse columns."""

    def __init__(self, fields: Sequence[str], cache: dict[str, Any]) -> None:
        self.fields = tuple(fields)
        self.cache = cache

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"fields": self.fields}

    def fit(self, rows: Any, y: Any = None) -> _Embedded:
        return self

    def fit_transform(self, rows: Any, y: Any = None) -> Any:
        return self.transform(rows)

    def transform(self, rows: Sequence[dict[str, str]]) -> Any:
        from scipy import sparse

        from reconnect.relational.engine.strong import EMBEDDING_WEIGHT

        return sparse.csr_matrix(
            EMBEDDING_WEIGHT
            * np.hstack([np.vstack([self.cache[r.get(f, "")] for r in rows]) for f in self.fields])
        )


def _with_embeddings(domains: dict[str, Any]) -> dict[str, Any]:
    from reconnect.relational.engine.strong import FIELDS, embed

    texts = [
        row.get(field, "")
        for name, (rows, _, _) in domains.items()
        for row in rows
        for field in FIELDS[name]
    ]
    cache = embed(texts)
    wrapped = {}
    for name, (rows, tasks, features) in domains.items():

        def factory(
            features: Any = features, fields: tuple[str, ...] = FIELDS[name]
        ) -> FeatureUnion:
            union = features()
            union.transformer_list.append(("embeddings", _Embedded(fields, cache)))
            return union

        wrapped[name] = (rows, tasks, factory)
    return wrapped


def _subtype(row: dict[str, Any], behaviour: str) -> str | None:
    """The subtype of an utterance the annotators coded with this main behaviour, else None."""
    codes = row["codes"]
    subtype = codes[f"{behaviour}_subtype"]
    if codes["main_therapist_behaviour"] != behaviour or subtype in ("n/a", ""):
        return None
    return str(subtype)


def _end_to_end(tasks: Tasks, predicted: dict[str, dict[int, str]]) -> dict[str, float]:
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
