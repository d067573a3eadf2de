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

from reconnect.relational.engine.model import digest
from reconnect.relational.training import portable
from reconnect.relational.training.card import write_card
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
from reconnect.relational.training.estimators import FOLDS, SEED, classifier
from reconnect.relational.training.evaluation import (
    cross_validate,
    end_to_end,
    macro_f1,
    nested_everywhere,
    tune_offsets,
)
from reconnect.relational.training.features import reply_features, utterance_features
from reconnect.relational.training.sessions import agreement, annotator_agreement, sessions


def train(
    annomi: Path,
    epitome: Path,
    out: Path,
    *,
    evaluate: bool = True,
    c: float = 1.0,
    corrections: Sequence[Row] = (),
    corrections_skipped: int = 0,
) -> dict[str, Any]:
    """Cross-validate (optionally), fit on everything, write models and metrics; return metrics.

    `corrections` are clinicians' corrected utterances (rows like AnnoMI's, marked `extra`):
    they join every training fold and the final fit, and are never scored."""
    np.random.seed(SEED)
    domains = _domains(annomi, epitome, corrections)
    metrics: dict[str, Any] = {
        "seed": SEED,
        "folds": FOLDS,
        "C": c,
        "grouping": {"annomi": "video_url", "epitome": "sp_id"},
        "macro_f1": {},
        "offsets": {},
        "counts": {},
        "corrections": {"used": len(corrections), "not_usable": corrections_skipped},
    }
    offsets = _evaluate(domains, c, metrics) if evaluate else {}
    if evaluate:
        metrics["session"]["annotators"] = annotator_agreement(annomi)
    bundle = {}
    for domain, (rows, tasks, features) in domains.items():
        bundle[domain] = fit_domain(rows, tasks, features, c, offsets)
        for task, (idx, _) in tasks.items():
            metrics["counts"][task] = len(idx)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / "default.joblib"
    # Compressed, so the model files stay within 30 MB with the strong model beside them (it
    # loads in about 0.6 s instead of 0.3 s, well within the 2-second start-up target).
    joblib.dump(bundle, model_path, compress=3)
    # The metrics name the file they were measured on; the engine refuses a file that differs.
    metrics["model_sha256"] = digest(model_path)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    write_card(out, metrics)
    return metrics


def _domains(annomi: Path, epitome: Path, corrections: Sequence[Row] = ()) -> dict[str, Domain]:
    """Therapist and client utterances (AnnoMI, then any corrections) and replies (EPITOME),
    each with its tasks."""
    data = load_annomi(annomi) + [{**row, "extra": True} for row in corrections]
    therapist = [r for r in data if r["speaker"] == "therapist"]
    client = [r for r in data if r["speaker"] == "client"]
    replies = load_epitome_pairs(epitome)
    therapist_tasks = {
        "behaviour": indexed(therapist, lambda r: r["codes"]["main_therapist_behaviour"]),
        "reflection_type": indexed(therapist, lambda r: subtype(r, "reflection")),
        "question_type": indexed(therapist, lambda r: subtype(r, "question")),
        "input_type": indexed(therapist, lambda r: subtype(r, "therapist_input")),
    }
    return {
        "therapist": (
            therapist,
            {name: task for name, task in therapist_tasks.items() if len(set(task[1])) > 1},
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
    """Record each task's nested macro-F1 and its offsets in `metrics`, and the agreement of
    the session figures with the annotators'; return the offsets."""
    offsets: dict[str, np.ndarray] = {}
    # Each scored AnnoMI utterance's out-of-fold codes, by (domain, row position).
    utterance_codes: dict[tuple[str, int], dict[str, str | None]] = {}
    for domain, (rows, tasks, features) in domains.items():
        oof = cross_validate(rows, tasks, features, c)
        predicted: dict[str, dict[int, str]] = {}
        for task in tasks:
            everywhere = nested_everywhere(oof, task)
            idx, labels = oof.scored(task)
            predicted[task] = {i: str(everywhere[i]) for i in idx}
            metrics["macro_f1"][task] = macro_f1(labels, list(predicted[task].values()))
            whole = oof.task(task)
            offsets[task] = tune_offsets(whole.classes, whole.log_probs, labels)
            rounded = np.round(offsets[task], 2).tolist()
            metrics["offsets"][task] = dict(zip(whole.classes.tolist(), rounded, strict=True))
            if domain != "reply":
                for i, code in enumerate(everywhere):
                    if code is not None:
                        utterance_codes.setdefault((domain, i), {})[task] = code
        if domain == "therapist":
            scored_tasks = {task: oof.scored(task) for task in tasks}
            metrics["macro_f1"].update(end_to_end(scored_tasks, predicted))
    keys = sorted(utterance_codes)
    rows_scored = [domains[domain][0][i] for domain, i in keys]
    metrics["session"] = agreement(sessions(rows_scored, [utterance_codes[k] for k in keys]))
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
    if difference > 1e-4:
        raise RuntimeError(f"the portable features differ from scikit-learn's by {difference}")
    models = {}
    for name, (idx, labels) in tasks.items():
        model = portable.linear_model(classifier(c).fit(matrix[idx], labels))
        if offsets and name in offsets:
            model = model.shifted(offsets[name])
        models[name] = model
    return {"features": inference, "models": models}


def light_on_split(annomi: Path, epitome: Path, validation: set[str]) -> dict[str, Any]:
    """The default model fitted on every group but the validation ones and scored on those
    (no decision offsets: there are no other folds to tune them on), so the strong model can
    be compared with it on the same rows."""
    out: dict[str, Any] = {"macro_f1": {}}
    utterance_codes: dict[tuple[str, int], dict[str, str | None]] = {}
    for domain, (rows, tasks, features) in _domains(annomi, epitome).items():
        train_idx = [i for i, r in enumerate(rows) if r["group"] not in validation]
        test_idx = [i for i, r in enumerate(rows) if r["group"] in validation]
        extractor = features().fit([rows[i] for i in train_idx])
        train_matrix = extractor.transform([rows[i] for i in train_idx])
        test_matrix = extractor.transform([rows[i] for i in test_idx])
        position = {i: k for k, i in enumerate(train_idx)}
        predicted: dict[str, dict[int, str]] = {}
        for task, (idx, labels) in tasks.items():
            fit = [(position[i], y) for i, y in zip(idx, labels, strict=True) if i in position]
            model = classifier(1.0).fit(train_matrix[[k for k, _ in fit]], [y for _, y in fit])
            predicted[task] = dict(zip(test_idx, map(str, model.predict(test_matrix)), strict=True))
            scored = [(i, y) for i, y in zip(idx, labels, strict=True) if i in predicted[task]]
            out["macro_f1"][task] = macro_f1(
                [y for _, y in scored], [predicted[task][i] for i, _ in scored]
            )
            if domain != "reply":
                for i, code in predicted[task].items():
                    utterance_codes.setdefault((domain, i), {})[task] = code
        if domain == "therapist":
            scored_tasks = {
                task: tuple(
                    map(
                        list,
                        zip(
                            *[
                                (i, y)
                                for i, y in zip(*tasks[task], strict=True)
                                if i in predicted[task]
                            ],
                            strict=True,
                        ),
                    )
                )
                for task in tasks
            }
            out["macro_f1"].update(end_to_end(scored_tasks, predicted))  # type: ignore[arg-type]
    domains = _domains(annomi, epitome)
    keys = sorted(utterance_codes)
    rows_scored = [domains[domain][0][i] for domain, i in keys]
    out["session"] = agreement(sessions(rows_scored, [utterance_codes[k] for k in keys]))
    return out
