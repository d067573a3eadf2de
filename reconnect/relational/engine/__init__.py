"""The relational engine: code a counselling session's empathy and MI skills, locally.

Pure Python (no Django): parse a transcript, code each utterance with the trained models, and
summarise. Used by the web app and by `reconnect analyze` / `reconnect empathy`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconnect.relational.engine.model import code, empathy, load
from reconnect.relational.engine.parse import TranscriptError, Utterance, parse, read_file
from reconnect.relational.engine.summary import summarise


def analyze_utterances(utterances: list[Utterance]) -> dict[str, Any]:
    """Coded utterances and the session summary, as the CLI's JSON contract."""
    coded = code(utterances)
    return {"utterances": [u.as_dict() for u in coded], "summary": summarise(coded)}


def analyze_text(text: str, *, name: str = "") -> dict[str, Any]:
    return analyze_utterances(parse(text, name=name))


def analyze_file(path: str | Path) -> dict[str, Any]:
    return analyze_utterances(read_file(path))


__all__ = [
    "TranscriptError",
    "analyze_file",
    "analyze_text",
    "analyze_utterances",
    "empathy",
    "load",
]
