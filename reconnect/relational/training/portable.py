"""Fitted scikit-learn pieces in the form inference loads (the engine's own classes), so using
the models never imports scikit-learn."""

from __future__ import annotations

from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from reconnect.relational.engine.features import Cues, FeatureSet, LinearModel, Vocabulary


def linear_model(estimator: Any) -> LinearModel:
    """A fitted linear classifier reduced to its classes, weights and bias."""
    return LinearModel(estimator.classes_, estimator.coef_, estimator.intercept_)


def vocabulary(vectorizer: TfidfVectorizer) -> Vocabulary:
    return Vocabulary(
        vectorizer.analyzer,
        vectorizer.ngram_range,
        vectorizer.token_pattern,
        {str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        vectorizer.idf_,
        vectorizer.sublinear_tf,
    )


def feature_set(union: FeatureUnion) -> FeatureSet:
    """A fitted union of (field, vectorizer) pipelines and whole-row cues, in order."""
    parts: list[tuple[str, Any]] = []
    for _, step in union.transformer_list:
        if isinstance(step, Cues):
            parts.append(("", step))
        elif hasattr(step, "portable"):  # a training step that knows its inference form
            parts.append(("", step.portable))
        else:
            parts.append((step.steps[0][1].key, vocabulary(step.steps[1][1])))
    return FeatureSet(parts)


def features(union: FeatureUnion) -> FeatureSet:
    """The fitted union of a domain, in the form the engine loads."""
    return feature_set(union)
