"""A finished analysis as its clinician reviews it: the coded session with their corrections
applied, the figures recomputed from them (marked where they differ from the model's), and the
moments worth another look. Reads only; `actions.correct_code` writes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from reconnect.relational.engine.codes import apply, code_of, from_codes, label
from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.moments import moments
from reconnect.relational.engine.reliability import FIGURES
from reconnect.relational.engine.reliability import reliability as reliability_of
from reconnect.relational.engine.summary import THRESHOLDS, summarise
from reconnect.relational.models import Analysis


def codes_of(utterances: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """[speaker, code] per coded utterance: the codes without the words."""
    return [[u["speaker"], code_of(_coded(u))] for u in utterances]


def _coded(u: Mapping[str, Any]) -> CodedUtterance:
    return CodedUtterance(
        index=int(u["index"]),
        speaker=str(u["speaker"]),
        text=str(u.get("text") or ""),
        behaviour=u.get("behaviour"),
        reflection_type=u.get("reflection_type"),
        question_type=u.get("question_type"),
        talk_type=u.get("talk_type"),
        language_flags=tuple(u.get("language_flags") or ()),
        input_type=u.get("input_type"),
    )


def coded_session(analysis: Analysis) -> list[CodedUtterance]:
    """The model's coded utterances with their words (empty once the transcript is purged)."""
    return [_coded(u) for u in json.loads(analysis.coded)] if analysis.coded else []


def model_codes(analysis: Analysis) -> list[CodedUtterance]:
    """The model's codes without words: stored since the corrections, else read from the coded
    session of an older analysis while it still has one."""
    if analysis.codes:
        return from_codes(analysis.codes)
    return coded_session(analysis)


def summary_for(analysis: Analysis, corrections: Mapping[int, str]) -> dict[str, Any]:
    """The figures a clinician reads: the model's, or recomputed with their own corrections,
    each changed figure named in `corrected` (the page marks it "corrected by you")."""
    summary = dict(analysis.summary)
    if not summary.get("reliability"):
        # Analysed before reliability was recorded: unmeasured, so no figure gets a band.
        summary["reliability"] = reliability_of({})
        for name in THRESHOLDS:
            summary[f"{name}_level"] = None
    codes = model_codes(analysis) if corrections else []
    if not codes:
        summary["corrected"] = []
        return summary
    fresh = summarise(apply(codes, corrections), summary["reliability"])
    fresh.pop("feedback")
    changed = [name for name in FIGURES if fresh.get(name) != summary.get(name)]
    fresh["corrected"] = changed
    fresh["corrections"] = len(corrections)
    return fresh


def utterances_for(analysis: Analysis, corrections: Mapping[int, str]) -> list[dict[str, Any]]:
    """The coded session for the page: each utterance's words, its code and plain label, and
    whether the clinician corrected it (with what the model said)."""
    rows = []
    for model_said in coded_session(analysis):
        code = corrections.get(model_said.index) or code_of(model_said)
        rows.append(
            {
                **model_said.as_dict(),
                **_fields(model_said, corrections),
                "code": code,
                "label": label(code),
                "corrected": model_said.index in corrections,
                "model_label": label(code_of(model_said)),
            }
        )
    return rows


def _fields(u: CodedUtterance, corrections: Mapping[int, str]) -> dict[str, Any]:
    if u.index not in corrections:
        return {}
    changed = apply([u], corrections)[0]
    return {
        "behaviour": changed.behaviour,
        "reflection_type": changed.reflection_type,
        "question_type": changed.question_type,
        "input_type": changed.input_type,
        "talk_type": changed.talk_type,
    }


def moments_for(analysis: Analysis, corrections: Mapping[int, str]) -> list[dict[str, Any]]:
    """The moments worth another look, found again from the corrected codes while the session
    still has its words; the stored ones otherwise."""
    coded = coded_session(analysis)
    if corrections and coded:
        return moments(apply(coded, corrections))
    stored = json.loads(analysis.moments) if analysis.moments else []
    return [_current(m) for m in stored]


def _current(moment: dict[str, Any]) -> dict[str, Any]:
    """A stored moment in today's shape (older analyses stored only questions after change or
    sustain talk, as `question_asked`)."""
    if "counsellor_said" in moment:
        return moment
    return {
        "kind": "question_after_change_talk",
        "label": "A question right after change or sustain talk",
        "counsellor_said": moment.get("question_asked", ""),
        **moment,
    }


FIGURE_NAMES = {
    "reflection_to_question": ("Reflection-to-question ratio", "", "MITI 4.2.1 fair 1:1, good 2:1"),
    "percent_complex_reflections": ("Complex reflections", "%", "MITI 4.2.1 fair 40%, good 50%"),
    "percent_open_questions": ("Open questions", "%", ""),
    "percent_change_talk": ("Change talk (of change and sustain talk)", "%", ""),
}


def figure_rows(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The four figures as the page lists them: value, band (only where the figure agrees at
    least moderately with trained coders), the reliability words, and whether the clinician's
    corrections changed it."""
    rows = []
    for name, (title, unit, context) in FIGURE_NAMES.items():
        value = summary.get(name)
        trust = (summary.get("reliability") or {}).get(name) or {}
        rows.append(
            {
                "name": name,
                "title": title,
                "value": "n/a" if value is None else f"{value:g}{unit}",
                "band": summary.get(f"{name}_level") if trust.get("band_shown") else None,
                "context": context if trust.get("band_shown") else "",
                "reliability": trust.get("words", ""),
                "level": trust.get("level", "unmeasured"),
                "corrected": name in (summary.get("corrected") or ()),
            }
        )
    return rows
