"""Training the default models from AnnoMI (MI codes) and EPITOME (empathy levels).

Reproducible: fixed seeds, grouped cross-validation (by video for AnnoMI, by seeker post for
EPITOME, never a random row split), then a final fit on all the training files. The data is read
from a folder given on the command line and never copied into the project.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.pipeline import FeatureUnion

from reconnect.relational.training import portable
from reconnect.relational.training.data import (
    EMPATHY,
    Domain,
    Row,
    Tasks,
    indexed,
    level,
    load_annomi,
    load_epitome_pairs,
    subtype,
)
from reconnect.relational.training.embeddings import with_embeddings
from reconnect.relational.training.estimators import FOLDS, SEED, classifier
from reconnect.relational.training.evaluation import (
    cross_validate,
    end_to_end,
    macro_f1,
    nested_predictions,
    tune_offsets,
)
from reconnect.relational.training.features import reply_features, utterance_features


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
    domains = _domains(annomi, epitome)
    if strong:
        domains = with_embeddings(domains)
    metrics: dict[str, Any] = {
        "seed": SEED,
        "folds": FOLDS,
        "C": c,
        "grouping": {"annomi": "video_url", "epitome": "sp_id"},
        "macro_f1": {},
        "offsets": {},
        "counts": {},
    }
    offsets = _evaluate(domains, c, metrics) if evaluate else {}
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


def _domains(annomi: Path, epitome: Path) -> dict[str, Domain]:
    """Therapist and client utterances (AnnoMI) and replies (EPITOME), each with its tasks."""
    data = load_annomi(annomi)
    therapist = [r for r in data if r["speaker"] == "therapist"]
    client = [r for r in data if r["speaker"] == "client"]
    replies = load_epitome_pairs(epitome)
    return {
        "therapist": (
            therapist,
            {
                "behaviour": indexed(therapist, lambda r: r["codes"]["main_therapist_behaviour"]),
                "reflection_type": indexed(therapist, lambda r: subtype(r, "reflection")),
                "question_type": indexed(therapist, lambda r: subtype(r, "question")),
            },
            utterance_features,
        ),
        "client": (
            client,
            {"talk_type": indexed(client, lambda r: r["codes"]["client_talk_type"])},
            utterance_features,
        ),
        "reply": (
            replies,
            {name: indexed(replies, level(name)) for name in EMPATHY},
            reply_features,
        ),
    }


def _evaluate(
    domains: dict[str, Domain], c: float, metrics: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Record each task's nested macro-F1 and its offsets in `metrics`; return the offsets."""
    offsets: dict[str, np.ndarray] = {}
    for domain, (rows, tasks, features) in domains.items():
        oof = cross_validate(rows, tasks, features, c)
        predicted = {}
        for task, (idx, labels) in tasks.items():
            predicted[task] = dict(zip(idx, nested_predictions(oof[task], labels), strict=True))
            metrics["macro_f1"][task] = macro_f1(labels, list(predicted[task].values()))
            offsets[task] = tune_offsets(oof[task].classes, oof[task].log_probs, labels)
            rounded = np.round(offsets[task], 2).tolist()
            metrics["offsets"][task] = dict(zip(oof[task].classes.tolist(), rounded, strict=True))
        if domain == "therapist":
            metrics["macro_f1"].update(end_to_end(tasks, predicted))
    return offsets


def fit_domain(
    rows: Sequence[Row],
    tasks: Tasks,
    features: Callable[[], FeatureUnion],
    c: float,
    offsets: dict[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """One feature extractor shared by the domain's tasks, and one classifier per task, its
    intercepts shifted by the task's decision offsets (see `tune_offsets`)."""
    extractor = features().fit(rows)
    matrix = extractor.transform(rows)
    inference = portable.features(extractor)
    # Without their ids, so training steps that hold values for seen rows compute them afresh.
    sample = [{k: v for k, v in row.items() if k != "id"} for row in rows[:200]]
    difference = abs(inference.transform(sample) - extractor.transform(sample)).max()
    if difference > 1e-4:  # embeddings may differ in the last float bits between batches
        raise RuntimeError(f"the portable features differ from scikit-learn's by {difference}")
    models = {}
    for name, (idx, labels) in tasks.items():
        model = portable.linear_model(classifier(c).fit(matrix[idx], labels))
        if offsets and name in offsets:
            model = model.shifted(offsets[name])
        models[name] = model
    return {"features": inference, "models": models}
