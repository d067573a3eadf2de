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
    contexts,
)
from reconnect.relational.engine.parse import Utterance

SEED = 20261127
FOLDS = 5
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
        ]
    )


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


def fine_label(codes: dict[str, str]) -> str:
    """Behaviour with its subtype where one was coded: "reflection:complex", "question:open"."""
    behaviour = codes["main_therapist_behaviour"]
    subtype = {
        "reflection": codes["reflection_subtype"],
        "question": codes["question_subtype"],
    }.get(behaviour, "n/a")
    return f"{behaviour}:{subtype}" if subtype not in ("n/a", "", None) else behaviour


def _subtype(label: str, behaviour: str) -> str:
    head, _, tail = label.partition(":")
    return tail if head == behaviour and tail else "missed"


def load_epitome_pairs(folder: Path) -> list[dict[str, Any]]:
    """Each (seeker post, response) pair once, with its level on every empathy dimension."""
    pairs: dict[str, dict[str, Any]] = {}
    for name, file in EMPATHY.items():
        for r in csv.DictReader((folder / file).open(encoding="utf-8")):
            row = pairs.setdefault(
                r["rp_id"],
                {
                    "text": r["response_post"],
                    "prev": r["seeker_post"],
                    "group": r["sp_id"],
                    "labels": {},
                },
            )
            row["labels"][name] = r["level"]
    return [pairs[k] for k in sorted(pairs)]


def macro_f1(
    truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    return round(float(f1_score(truth, predicted, labels=labels, average="macro")), 3)


Tasks = dict[str, tuple[list[int], list[str]]]


def fit_domain(
    rows: Sequence[dict[str, Any]], tasks: Tasks, features: Any, c: float
) -> dict[str, Any]:
    """One feature extractor shared by the domain's tasks, and one classifier per task."""
    extractor = features().fit(rows)
    matrix = extractor.transform(rows)
    portable = _portable(extractor)
    sample = list(rows[:200])
    difference = abs(portable.transform(sample) - extractor.transform(sample)).max()
    if difference > 1e-4:  # embeddings may differ in the last float bits between batches
        raise RuntimeError(f"the portable features differ from scikit-learn's by {difference}")
    return {
        "features": portable,
        "models": {
            name: LinearModel.from_estimator(classifier(c).fit(matrix[idx], labels))
            for name, (idx, labels) in tasks.items()
        },
    }


def _portable(union: FeatureUnion) -> Any:
    """The fitted union in the form inference loads (no scikit-learn import needed)."""
    steps = union.transformer_list
    if steps and isinstance(steps[-1][1], _Embedded):
        from reconnect.relational.engine.strong import StrongFeatures

        base = FeatureSet.from_union(FeatureUnion(steps[:-1]))
        return StrongFeatures(base, steps[-1][1].fields)
    return FeatureSet.from_union(union)


def cross_validate(
    rows: Sequence[dict[str, Any]], tasks: Tasks, features: Any, c: float
) -> dict[str, dict[int, str]]:
    """Out-of-fold predictions, folds grouped so no video or seeker post is on both sides."""
    predicted: dict[str, dict[int, str]] = {name: {} for name in tasks}
    groups = [r["group"] for r in rows]
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
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
            for i, y in zip(
                test_rows,
                model.predict(extractor.transform([rows[i] for i in test_rows])),
                strict=True,
            ):
                predicted[name][i] = y
    return predicted


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
    codes = lambda r: r["codes"]  # noqa: E731
    sub = {"simple", "complex", "open", "closed"}
    domains: dict[str, tuple[list[dict[str, Any]], Tasks, Any]] = {
        "therapist": (
            therapist,
            {
                "behaviour": _indexed(therapist, lambda r: codes(r)["main_therapist_behaviour"]),
                "reflection_type": _indexed(
                    therapist,
                    lambda r: (
                        codes(r)["reflection_subtype"]
                        if codes(r)["reflection_subtype"] in sub
                        else None
                    ),
                ),
                "question_type": _indexed(
                    therapist,
                    lambda r: (
                        codes(r)["question_subtype"]
                        if codes(r)["question_subtype"] in sub
                        else None
                    ),
                ),
                "therapist_fine": _indexed(therapist, lambda r: fine_label(codes(r))),
            },
            utterance_features,
        ),
        "client": (
            client,
            {"talk_type": _indexed(client, lambda r: codes(r)["client_talk_type"])},
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
        "counts": {},
    }
    if evaluate:
        for domain, (rows, tasks, features) in domains.items():
            oof = cross_validate(rows, tasks, features, c)
            for name, (idx, labels) in tasks.items():
                metrics["macro_f1"][name] = macro_f1(labels, [oof[name][i] for i in idx])
            if domain == "therapist":
                metrics["macro_f1"].update(_end_to_end(rows, tasks, oof))
    bundle = {}
    for domain, (rows, tasks, features) in domains.items():
        bundle[domain] = fit_domain(rows, tasks, features, c)
        for name, (idx, _) in tasks.items():
            metrics["counts"][name] = len(idx)
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


def _end_to_end(
    rows: Sequence[dict[str, Any]], tasks: Tasks, oof: dict[str, dict[int, str]]
) -> dict[str, float]:
    """Reflection type over every gold reflection: a reflection the model did not recognise as
    one counts as wrong (the issue's measure), from separate models and from the fine model."""
    gold_idx, gold = tasks["reflection_type"]
    separate = [
        oof["reflection_type"][i] if oof["behaviour"][i] == "reflection" else "missed"
        for i in gold_idx
    ]
    fine = [_subtype(oof["therapist_fine"][i], "reflection") for i in gold_idx]
    beh_idx, beh = tasks["behaviour"]
    return {
        "reflection_type_end_to_end": macro_f1(gold, separate, ["simple", "complex"]),
        "reflection_type_end_to_end_fine": macro_f1(gold, fine, ["simple", "complex"]),
        "behaviour_from_fine": macro_f1(
            beh, [oof["therapist_fine"][i].split(":")[0] for i in beh_idx]
        ),
    }
