"""Training with the strong model's MiniLM embeddings: each text is embedded once, up front,
and the fitted union gains the embeddings of the domain's fields as sparse columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.pipeline import FeatureUnion

from reconnect.relational.engine.strong import EMBEDDING_WEIGHT, FIELDS, embed
from reconnect.relational.training.data import Domain


class Embedded:
    """Training step: the precomputed embeddings of some fields, as sparse columns."""

    def __init__(self, fields: Sequence[str], cache: dict[str, np.ndarray]) -> None:
        self.fields = tuple(fields)
        self.cache = cache

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"fields": self.fields}

    def fit(self, rows: Any, y: Any = None) -> Embedded:
        return self

    def fit_transform(self, rows: Any, y: Any = None) -> sparse.csr_matrix:
        return self.transform(rows)

    def transform(self, rows: Sequence[dict[str, str]]) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            EMBEDDING_WEIGHT
            * np.hstack([np.vstack([self.cache[r.get(f, "")] for r in rows]) for f in self.fields])
        )


def with_embeddings(domains: dict[str, Domain]) -> dict[str, Domain]:
    """The same domains, each feature union followed by the embeddings of its fields."""
    texts = [
        row.get(field, "")
        for name, (rows, _, _) in domains.items()
        for row in rows
        for field in FIELDS[name]
    ]
    cache = embed(texts)
    wrapped: dict[str, Domain] = {}
    for name, (rows, tasks, features) in domains.items():

        def factory(
            features: Callable[[], FeatureUnion] = features,
            fields: tuple[str, ...] = FIELDS[name],
        ) -> FeatureUnion:
            union = features()
            union.transformer_list.append(("embeddings", Embedded(fields, cache)))
            return union

        wrapped[name] = (rows, tasks, factory)
    return wrapped
