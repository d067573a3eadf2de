"""Coding utterances with the trained models (loaded once, from files inside the package)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from reconnect.core.language import check_language
from reconnect.relational.engine.features import contexts
from reconnect.relational.engine.parse import Utterance

MODELS = Path(__file__).with_name("models")
DEFAULT = MODELS / "default.joblib"
EMPATHY_DIMENSIONS = ("emotional_reactions", "interpretations", "explorations")


class ModelMissing(RuntimeError):
    """The model files are not installed (run `reconnect train_relational --data PATH`)."""


@dataclass(frozen=True)
class CodedUtterance:
    index: int
    speaker: str
    text: str
    behaviour: str | None
    reflection_type: str | None
    question_type: str | None
    talk_type: str | None
    language_flags: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "behaviour": self.behaviour,
            "reflection_type": self.reflection_type,
            "question_type": self.question_type,
            "talk_type": self.talk_type,
            "language_flags": list(self.language_flags),
        }


@lru_cache(maxsize=2)
def load(path: Path = DEFAULT) -> dict[str, Any]:
    """The trained pipelines by task name."""
    if not path.exists():
        raise ModelMissing(f"no model at {path}; run `reconnect train_relational --data PATH`")
    bundle = joblib.load(path)
    if not isinstance(bundle, dict):
        raise ModelMissing(f"{path} holds no models; retrain with `reconnect train_relational`")
    return bundle


def code(
    utterances: Sequence[Utterance], models: dict[str, Any] | None = None
) -> list[CodedUtterance]:
    """Therapist behaviour (with reflection and question types) and client talk type."""
    models = models or load()
    rows = contexts(utterances)
    therapist = [i for i, u in enumerate(utterances) if u.speaker == "therapist"]
    client = [i for i, u in enumerate(utterances) if u.speaker == "client"]
    found: dict[int, dict[str, str | None]] = {i: {} for i in range(len(utterances))}
    if therapist:
        domain = models["therapist"]
        matrix = domain["features"].transform([rows[i] for i in therapist])
        behaviours = domain["models"]["behaviour"].predict(matrix)
        reflections = domain["models"]["reflection_type"].predict(matrix)
        questions = domain["models"]["question_type"].predict(matrix)
        for i, b, r, q in zip(therapist, behaviours, reflections, questions, strict=True):
            found[i] = {
                "behaviour": str(b),
                "reflection_type": str(r) if b == "reflection" else None,
                "question_type": str(q) if b == "question" else None,
            }
    if client:
        domain = models["client"]
        matrix = domain["features"].transform([rows[i] for i in client])
        for i, t in zip(client, domain["models"]["talk_type"].predict(matrix), strict=True):
            found[i] = {"talk_type": str(t)}
    return [
        CodedUtterance(
            index=u.index,
            speaker=u.speaker,
            text=u.text,
            behaviour=found[i].get("behaviour"),
            reflection_type=found[i].get("reflection_type"),
            question_type=found[i].get("question_type"),
            talk_type=found[i].get("talk_type"),
            language_flags=tuple(
                {"term": f.term, "suggestion": f.suggestion, "start": f.start, "end": f.end}
                for f in check_language(u.text)
            )
            if u.speaker == "therapist"
            else (),
        )
        for i, u in enumerate(utterances)
    ]


def empathy(
    pairs: Sequence[tuple[str, str]], models: dict[str, Any] | None = None
) -> list[dict[str, int]]:
    """Empathy levels (0 none, 1 weak, 2 strong) of each (seeker post, reply) pair."""
    models = models or load()
    rows = [{"text": reply, "prev": post} for post, reply in pairs]
    if not rows:
        return []
    domain = models["reply"]
    matrix = domain["features"].transform(rows)
    levels = {name: domain["models"][name].predict(matrix) for name in EMPATHY_DIMENSIONS}
    return [{name: int(levels[name][i]) for name in EMPATHY_DIMENSIONS} for i in range(len(rows))]
