"""Coding utterances with the trained models (loaded once, from files inside the package)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from reconnect.core.language import check_language
from reconnect.relational.engine.features import contexts
from reconnect.relational.engine.parse import Utterance
from reconnect.relational.engine.strong import StrongCoder

MODELS = Path(__file__).with_name("models")
DEFAULT = MODELS / "default.joblib"
EMPATHY_DIMENSIONS = ("emotional_reactions", "interpretations", "explorations")


class ModelMissing(RuntimeError):
    """The model files are not installed (run `reconnect train_relational --data PATH`)."""


class ModelMismatch(ModelMissing):
    """The model file is not the one its metrics were measured on: its figures and their
    reliability would describe another model, so it is not loaded."""


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
    input_type: str | None = None  # information, advice, options, negotiation

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "behaviour": self.behaviour,
            "reflection_type": self.reflection_type,
            "question_type": self.question_type,
            "talk_type": self.talk_type,
            "input_type": self.input_type,
            "language_flags": list(self.language_flags),
        }


def metrics_file(path: Path) -> Path:
    """The figures measured for a model file: metrics.json beside default.joblib,
    NAME-metrics.json beside NAME.joblib."""
    return path.with_name("metrics.json" if path.stem == "default" else f"{path.stem}-metrics.json")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vocabulary_file(path: Path) -> Path:
    """The word pieces of an ONNX model: NAME-vocab.txt beside NAME.onnx."""
    return path.with_name(f"{path.stem}-vocab.txt")


def _signature(path: Path) -> tuple[str, int, int, int, int]:
    """What identifies a model file, its metrics (and an ONNX model's vocabulary) on disk, so
    a cache entry never outlives any of them being replaced (a retrained model, a backup)."""
    figures = metrics_file(path)
    vocabulary = vocabulary_file(path)
    found = path.stat()
    when = figures.stat().st_mtime_ns if figures.exists() else 0
    words = vocabulary.stat().st_mtime_ns if vocabulary.exists() else 0
    return str(path), found.st_mtime_ns, found.st_size, when, words


def metrics(path: Path | None = None) -> dict[str, Any]:
    """The measured figures of a model file, checked to belong to it (ModelMismatch if not)."""
    path = path or DEFAULT
    if not path.exists():
        raise ModelMissing(f"no model at {path}; run `reconnect train_relational --data PATH`")
    return dict(_metrics(_signature(path)))


@lru_cache(maxsize=4)
def _metrics(signature: tuple[str, int, int, int, int]) -> dict[str, Any]:
    path = Path(signature[0])
    figures_path = metrics_file(path)
    try:
        figures = json.loads(figures_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelMismatch(
            f"{path.name} has no readable {figures_path.name} beside it, so how far its codes "
            "can be trusted is unknown; retrain with `reconnect train_relational --data PATH`"
        ) from error
    expected = figures.get("model_sha256") if isinstance(figures, dict) else None
    found = digest(path)
    if expected != found:
        measured_on = (
            f"a model file with sha256 {str(expected)[:12]}…"
            if expected
            else "no named model file (older metrics)"
        )
        raise ModelMismatch(
            f"{path.name} does not match {figures_path.name}: the figures were measured on "
            f"{measured_on}, this file's sha256 is {found[:12]}…. Restore the two files "
            "together, or retrain with `reconnect train_relational --data PATH`"
        )
    if path.suffix == ".onnx":
        _check_vocabulary(path, figures)
    return dict(figures)


def _check_vocabulary(path: Path, figures: dict[str, Any]) -> None:
    """An ONNX model reads token ids: another vocabulary would turn its input into other words."""
    vocabulary = vocabulary_file(path)
    found = digest(vocabulary) if vocabulary.exists() else ""
    if figures.get("vocabulary_sha256") != found:
        state = "not the one it was trained with" if found else "missing"
        raise ModelMismatch(
            f"{vocabulary.name} beside {path.name} is {state}; restore the files together, "
            "or retrain with `reconnect train_relational --data PATH --strong`"
        )


def load(path: Path | None = None) -> dict[str, Any]:
    """The trained pipelines by task name (or the strong model's session), only with the
    metrics measured on this file."""
    path = path or DEFAULT
    if not path.exists():
        raise ModelMissing(f"no model at {path}; run `reconnect train_relational --data PATH`")
    return _load(_signature(path))


@lru_cache(maxsize=2)
def _load(signature: tuple[str, int, int, int, int]) -> dict[str, Any]:
    path = Path(signature[0])
    _metrics(signature)
    if path.suffix == ".onnx":
        return {"strong": StrongCoder(path, vocabulary_file(path))}
    bundle = joblib.load(path)
    if not isinstance(bundle, dict):
        raise ModelMissing(f"{path} holds no models; retrain with `reconnect train_relational`")
    return bundle


def code(
    utterances: Sequence[Utterance],
    models: dict[str, Any] | None = None,
    progress: Callable[[float], None] | None = None,
) -> list[CodedUtterance]:
    """Therapist behaviour (with reflection and question types) and client talk type."""
    models = models or load()
    if "strong" in models:
        turns = [(u.speaker, u.text) for u in utterances]
        return _coded(utterances, dict(enumerate(models["strong"].code(turns, progress))))
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
        # Models trained before the input subtypes were added have none to give.
        inputs_model = domain["models"].get("input_type")
        inputs = inputs_model.predict(matrix) if inputs_model else [None] * len(therapist)
        rows_coded = zip(therapist, behaviours, reflections, questions, inputs, strict=True)
        for i, b, r, q, t in rows_coded:
            found[i] = {
                "behaviour": str(b),
                "reflection_type": str(r) if b == "reflection" else None,
                "question_type": str(q) if b == "question" else None,
                "input_type": str(t) if b == "therapist_input" and t is not None else None,
            }
    if client:
        domain = models["client"]
        matrix = domain["features"].transform([rows[i] for i in client])
        for i, t in zip(client, domain["models"]["talk_type"].predict(matrix), strict=True):
            found[i] = {"talk_type": str(t)}
    return _coded(utterances, found)


def _coded(
    utterances: Sequence[Utterance], found: dict[int, dict[str, str | None]]
) -> list[CodedUtterance]:
    return [
        CodedUtterance(
            index=u.index,
            speaker=u.speaker,
            text=u.text,
            behaviour=found[i].get("behaviour"),
            reflection_type=found[i].get("reflection_type"),
            question_type=found[i].get("question_type"),
            talk_type=found[i].get("talk_type"),
            input_type=found[i].get("input_type"),
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
    if "strong" in models:
        found: list[dict[str, int]] = models["strong"].empathy(pairs)
        return found
    rows = [{"text": reply, "prev": post} for post, reply in pairs]
    if not rows:
        return []
    domain = models["reply"]
    matrix = domain["features"].transform(rows)
    levels = {name: domain["models"][name].predict(matrix) for name in EMPATHY_DIMENSIONS}
    return [{name: int(levels[name][i]) for name in EMPATHY_DIMENSIONS} for i in range(len(rows))]
