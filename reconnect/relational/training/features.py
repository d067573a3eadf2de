"""The feature unions training fits: words, characters and context of an utterance or reply,
the engine's cues, and (for replies) sentence models of the annotators' rationales."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from reconnect.relational.engine.features import Cues, RationaleCues, sentences
from reconnect.relational.training import portable
from reconnect.relational.training.data import EMPATHY, Row
from reconnect.relational.training.estimators import FOLDS, chars, classifier, words


class Field:
    """Pick one text field from the row dicts (a step of the training pipelines)."""

    def __init__(self, key: str = "text") -> None:
        self.key = key

    def get_params(self, deep: bool = True) -> dict[str, str]:
        return {"key": self.key}

    def fit(self, rows: Any, y: Any = None) -> Field:
        return self

    def transform(self, rows: Sequence[dict[str, str]]) -> list[str]:
        return [row.get(self.key, "") for row in rows]

    def fit_transform(self, rows: Any, y: Any = None) -> list[str]:
        return self.transform(rows)


def utterance_features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("word", Pipeline([("f", Field("text")), ("v", words())])),
            ("char", Pipeline([("f", Field("text")), ("v", chars())])),
            ("prev", Pipeline([("f", Field("prev")), ("v", words(max_features=20000))])),
            ("next", Pipeline([("f", Field("next")), ("v", words(max_features=10000))])),
            ("cues", Cues()),
        ]
    )


def reply_features() -> FeatureUnion:
    """For a written reply to someone's post (empathy levels)."""
    return FeatureUnion(
        [
            ("word", Pipeline([("f", Field("text")), ("v", words())])),
            ("char", Pipeline([("f", Field("text")), ("v", chars())])),
            ("post", Pipeline([("f", Field("prev")), ("v", words(max_features=20000))])),
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

    def fit(self, rows: Sequence[Row], y: Any = None) -> Rationales:
        rows = list(rows)
        self.portable = fit_rationales(rows)
        self.held_out: dict[str, np.ndarray] = {}
        groups = [r["group"] for r in rows]
        for inner_train, inner_test in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
            inner = fit_rationales([rows[i] for i in inner_train])
            values = inner.transform([rows[i] for i in inner_test]).toarray()
            for i, row_values in zip(inner_test, values, strict=True):
                self.held_out[rows[i]["id"]] = row_values
        return self

    def fit_transform(self, rows: Sequence[Row], y: Any = None) -> sparse.csr_matrix:
        return self.fit(rows).transform(rows)

    def transform(self, rows: Sequence[Row]) -> sparse.csr_matrix:
        full = self.portable.transform(rows).toarray()
        return sparse.csr_matrix(
            np.vstack(
                [
                    self.held_out[r["id"]] if r.get("id") in self.held_out else full[k]
                    for k, r in enumerate(rows)
                ]
            )
        )


def fit_rationales(rows: Sequence[Row]) -> RationaleCues:
    """One sentence model per empathy mechanism: is this sentence part of an annotator's
    rationale for it (the sentence overlaps one of the marked spans)?"""
    texts: list[str] = []
    marked: dict[str, list[int]] = {name: [] for name in EMPATHY}
    for row in rows:
        for sentence in sentences(row["text"]):
            texts.append(sentence)
            for name in EMPATHY:
                marked[name].append(in_rationale(sentence, row["rationales"][name]))
    vectorizer = words(max_features=20000).fit(texts)
    matrix = vectorizer.transform(texts)
    return RationaleCues(
        portable.vocabulary(vectorizer),
        {
            name: portable.linear_model(classifier(1.0).fit(matrix, marked[name]))
            for name in EMPATHY
        },
    )


def in_rationale(sentence: str, spans: Sequence[str]) -> int:
    sentence = sentence.strip()
    return int(any(sentence[:40] in span or span[:40] in sentence for span in spans))
