"""Model inputs: each utterance with its context (the other speaker's previous and next turns),
a few cues a reader of motivational interviewing would use, and the fitted pieces inference needs:
TF-IDF vocabularies and linear weights, with no scikit-learn import (it is only for training;
`relational.training.portable` makes these pieces from the fitted scikit-learn steps)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

from reconnect.relational.engine.parse import Utterance

WORDS = re.compile(r"[a-z']+")
QUESTION_STARTS = (
    "what",
    "how",
    "why",
    "when",
    "where",
    "who",
    "which",
    "tell",
    "describe",
    "could",
    "would",
    "do",
    "does",
    "did",
    "is",
    "are",
    "can",
    "have",
    "has",
    "will",
)


def contexts(utterances: Sequence[Utterance]) -> list[dict[str, str]]:
    """Each utterance with the other speaker's previous turn (a reflection restates it) and
    their next one (a reflection is often confirmed: "Yeah, exactly")."""
    rows = []
    last = {"therapist": "", "client": ""}
    for u in utterances:
        other = "client" if u.speaker == "therapist" else "therapist"
        rows.append({"text": u.text, "prev": last[other], "speaker": u.speaker, "next": ""})
        last[u.speaker] = u.text
    upcoming = {"therapist": "", "client": ""}
    for row, u in zip(reversed(rows), reversed(utterances), strict=True):
        other = "client" if u.speaker == "therapist" else "therapist"
        row["next"] = upcoming[other]
        upcoming[u.speaker] = u.text
    return rows


class Cues:
    """Dense cues: question marks, question openers, length, and word overlap with the previous
    turn (how much of the other person's words come back). Also a step of the training
    pipelines (hence `fit`), so the fitted union and the loaded models hold the same object."""

    def get_params(self, deep: bool = True) -> dict[str, str]:
        return {}

    def fit(self, rows: Any, y: Any = None) -> Cues:
        return self

    def fit_transform(self, rows: Any, y: Any = None) -> sparse.csr_matrix:
        return self.transform(rows)

    def transform(self, rows: Sequence[dict[str, str]]) -> sparse.csr_matrix:
        values = []
        for row in rows:
            text = row.get("text", "").lower()
            words = WORDS.findall(text)
            prev = set(WORDS.findall(row.get("prev", "").lower()))
            overlap = len([w for w in words if w in prev]) / len(words) if words else 0.0
            first = words[0] if words else ""
            values.append(
                [
                    float("?" in text),
                    float(text.rstrip().endswith("?")),
                    float(first in QUESTION_STARTS),
                    min(len(words), 60) / 60,
                    overlap,
                    float(len(prev) == 0),
                    float(first in ("so", "sounds", "it", "you")),
                ]
            )
        return sparse.csr_matrix(np.asarray(values, dtype=np.float64))


class LinearModel:
    """A fitted linear classifier reduced to what prediction needs (classes, weights, bias), so
    loading the models does not import scikit-learn's solvers."""

    def __init__(self, classes: Any, coef: Any, intercept: Any) -> None:
        self.classes = np.asarray(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    def shifted(self, offsets: Any) -> LinearModel:
        """The same model with per-class offsets added to its log-probabilities: for several
        classes that is the intercepts; for two, the one score moves by the difference."""
        offsets = np.asarray(offsets, dtype=np.float32)
        if len(self.intercept) == 1:
            return LinearModel(self.classes, self.coef, self.intercept + offsets[1] - offsets[0])
        return LinearModel(self.classes, self.coef, self.intercept + offsets)

    def predict(self, matrix: Any) -> np.ndarray:
        scores = np.asarray(matrix @ self.coef.T) + self.intercept
        if scores.shape[1] == 1:  # binary: one column of scores for the second class
            chosen = (scores[:, 0] > 0).astype(int)
        else:
            chosen = np.argmax(scores, axis=1)
        predicted: np.ndarray = self.classes[chosen]
        return predicted


_WHITE_SPACES = re.compile(r"\s\s+")


class Vocabulary:
    """A fitted TF-IDF vocabulary, transforming text exactly as scikit-learn's TfidfVectorizer
    did at training time (lowercase, the same n-grams, sublinear tf, idf, l2 norm)."""

    def __init__(
        self,
        analyzer: str,
        ngram_range: tuple[int, int],
        token_pattern: str,
        vocabulary: dict[str, int],
        idf: Any,
        sublinear: bool,
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = tuple(ngram_range)
        self.token_pattern = token_pattern
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.sublinear = sublinear
        self._pattern = re.compile(token_pattern)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._pattern = re.compile(self.token_pattern)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_pattern"}

    def terms(self, text: str) -> list[str]:
        text = text.lower()
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            grams = []
            for word in _WHITE_SPACES.sub(" ", text).split():
                padded = f" {word} "
                for n in range(low, high + 1):
                    offset = 0
                    grams.append(padded[offset : offset + n])
                    while offset + n < len(padded):
                        offset += 1
                        grams.append(padded[offset : offset + n])
                    if offset == 0:
                        break
            return grams
        tokens = self._pattern.findall(text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return grams

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr, indices, values = [0], [], []
        for text in texts:
            counts: dict[int, int] = {}
            for term in self.terms(text):
                column = self.vocabulary.get(term)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            columns = sorted(counts)
            tf = np.array([counts[c] for c in columns], dtype=np.float64)
            if self.sublinear and len(tf):
                tf = 1 + np.log(tf)
            weights = tf * self.idf[columns] if columns else tf
            norm = float(np.sqrt((weights**2).sum())) if len(weights) else 0.0
            if norm:
                weights = weights / norm
            indices += columns
            values += weights.tolist()
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (values, indices, indptr), shape=(len(texts), len(self.idf)), dtype=np.float64
        )


SENTENCE_ENDS = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a reply (at least one, so an empty reply still gets values)."""
    return [s for s in SENTENCE_ENDS.split(text) if s.strip()] or [text]


class RationaleCues:
    """How much a reply reads like the sentences EPITOME's annotators marked as showing each
    empathy mechanism (their rationale spans). For each mechanism: the highest and the mean
    probability over the reply's sentences, a third of the number above one half, and how long
    the likeliest sentence and the likely ones together are (a weak level is often a short
    stock phrase, "I understand"; a strong one says more)."""

    def __init__(self, vocabulary: Vocabulary, models: dict[str, LinearModel]) -> None:
        self.vocabulary = vocabulary
        self.models = models

    def transform(self, rows: Sequence[dict[str, str]]) -> sparse.csr_matrix:
        split = [sentences(row.get("text", "")) for row in rows]
        flat = [s for parts in split for s in parts]
        matrix = self.vocabulary.transform(flat)
        lengths = np.array([len(WORDS.findall(s.lower())) for s in flat], dtype=np.float64)
        probabilities = [
            1 / (1 + np.exp(-(np.asarray(matrix @ m.coef.T)[:, 0] + m.intercept[0])))
            for m in self.models.values()
        ]
        values, start = [], 0
        for parts in split:
            end = start + len(parts)
            words = lengths[start:end]
            row = []
            for p in probabilities:
                mine = p[start:end]
                likely = mine > 0.5
                row += [
                    float(mine.max()),
                    float(mine.mean()),
                    float(likely.sum()) / 3,
                    min(float(words[int(np.argmax(mine))]), 40) / 20,
                    min(float(words[likely].sum()), 80) / 40,
                ]
            values.append(row)
            start = end
        return sparse.csr_matrix(np.asarray(values, dtype=np.float64))


class FeatureSet:
    """The fitted features of one domain, in order: (field, vocabulary) pairs, and cues that
    read the whole row (their field is "")."""

    def __init__(self, parts: list[tuple[str, Any]]) -> None:
        self.parts = parts

    def transform(self, rows: Sequence[dict[str, str]]) -> sparse.csr_matrix:
        blocks = [
            part.transform([r.get(key, "") for r in rows]) if key else part.transform(rows)
            for key, part in self.parts
        ]
        return sparse.hstack(blocks).tocsr()
