"""The scikit-learn estimators every training step uses, with their fixed settings."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

SEED = 20261127
FOLDS = 5


def classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)


def words(max_features: int = 40000) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        max_features=max_features,
        token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 (a regex, not a secret)
    )


def chars() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=60000
    )
