"""The relational engine: code a counselling session's empathy and MI skills, locally.

Pure Python (no Django): parse a transcript, code each utterance with the trained models, and
summarise. Used by the web app and by `reconnect analyze` / `reconnect empathy`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reconnect.relational.engine import model as _model
from reconnect.relational.engine import strong
from reconnect.relational.engine.model import ModelMissing, code, empathy, load, metrics
from reconnect.relational.engine.parse import TranscriptError, Utterance, parse, read_file
from reconnect.relational.engine.reliability import reliability
from reconnect.relational.engine.summary import summarise


def model_file(name: str = "default") -> Path:
    """The file of the default models, or of the optional strong one (ModelMissing if it is
    not installed)."""
    if name == "strong":
        if not strong.available():
            raise ModelMissing(
                f"the strong model is not installed ({strong.MODEL_FILE.name} and "
                f"{strong.VOCABULARY.name} in {strong.MODELS}); train it with "
                "`reconnect train_relational --data PATH --strong` "
                '(needs `pip install -e ".[finetune]"`)'
            )
        return strong.MODEL_FILE
    return _model.DEFAULT


def models(name: str = "default") -> dict[str, Any]:
    """The default models, or the optional strong ones, with the metrics measured on them."""
    return load(model_file(name))


def analyze_utterances(
    utterances: list[Utterance],
    *,
    model: str = "default",
    progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    """Coded utterances and the session summary, each figure with its measured reliability
    from the model's own metrics, as the CLI's JSON contract. `progress` hears the share of
    utterances coded (the strong model reports it batch by batch)."""
    path = model_file(model)
    coded = code(utterances, load(path), progress)
    measured = metrics(path)
    summary = summarise(coded, reliability(measured))
    return {
        "model": {"name": model, "version": str(measured.get("model_sha256", ""))[:12]},
        "utterances": [u.as_dict() for u in coded],
        "summary": summary,
    }


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
    "metrics",
    "parse",
    "reliability",
]
