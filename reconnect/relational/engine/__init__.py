"""The relational engine: code a counselling session's empathy and MI skills, locally.

Pure Python (no Django): parse a transcript, code each utterance with the trained models, and
summarise. Used by the web app and by `reconnect analyze` / `reconnect empathy`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconnect.relational.engine import strong
from reconnect.relational.engine.model import ModelMissing, code, empathy, load
from reconnect.relational.engine.parse import TranscriptError, Utterance, parse, read_file
from reconnect.relational.engine.summary import summarise


def models(name: str = "default") -> dict[str, Any]:
    """The default models, or the optional strong ones (ModelMissing if not installed)."""
    if name == "strong":
        if not strong.available():
            raise ModelMissing('the strong model needs `pip install -e ".[strong]"` and its file')
        return load(strong.MODEL_FILE)
    return load()


def analyze_utterances(utterances: list[Utterance], *, model: str = "default") -> dict[str, Any]:
    """Coded utterances and the session summary, as the CLI's JSON contract."""
    coded = code(utterances, models(model))
    return {"utterances": [u.as_dict() for u in coded], "summary": summarise(coded)}


def analyze_text(text: str, *, name: str = "", model: str = "default") -> dict[str, Any]:
    return analyze_utterances(parse(text, name=name), model=model)


def analyze_file(path: str | Path, *, model: str = "default") -> dict[str, Any]:
    return analyze_utterances(read_file(path), model=model)


__all__ = [
    "TranscriptError",
    "Utterance",
    "analyze_file",
    "analyze_text",
    "analyze_utterances",
    "empathy",
    "load",
    "parse",
]
