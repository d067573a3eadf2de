"""The model card's measured part, rewritten by every training run from the metrics it wrote:
session-level agreement with trained coders, and how many clinicians' corrections were used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconnect.relational.engine.model import MODELS
from reconnect.relational.engine.reliability import FIGURES, describe

CARD = MODELS.parent / "MODEL_CARD.md"
BEGIN = "<!-- measured by reconnect train_relational: begin -->"
END = "<!-- measured by reconnect train_relational: end -->"
NAMES = {
    "reflection_to_question": "Reflection-to-question ratio",
    "percent_complex_reflections": "% complex reflections",
    "percent_open_questions": "% open questions",
    "percent_change_talk": "% change talk (change / (change + sustain))",
}


def _number(value: Any, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.0f}%" if percent else f"{value:.2f}"


def measured(metrics: dict[str, Any]) -> str:
    """The card's generated section, in Markdown."""
    session = metrics.get("session") or {}
    used = (metrics.get("corrections") or {}).get("used", 0)
    skipped = (metrics.get("corrections") or {}).get("not_usable", 0)
    lines = [BEGIN, "", "## Session figures: agreement with trained coders", ""]
    if not session:
        lines += ["Not measured: this model was trained with `--no-evaluate`.", ""]
    else:
        ceiling = session.get("annotators") or {}
        lines += [
            f"Measured on the {session.get('sessions', 0)} AnnoMI transcripts of the training "
            "files: each session's figures from the codes of models that never saw its video "
            "(the five folds grouped by `video_url`, decision offsets tuned on the other folds), "
            "against the same figures from the annotator's codes. ICC(2,1) is Shrout & Fleiss's "
            "two-way random, absolute-agreement, single-rater intraclass correlation; the "
            "annotators' ICC is the same measure among the "
            f"{ceiling.get('annotators', 0)} annotators of the {ceiling.get('transcripts', 0)} "
            "transcripts several of them coded (what trained coders reach with each other; so few "
            "sessions make it a rough ceiling only). The "
            "result page and `reconnect analyze` show each figure with these words; a figure "
            "below ICC 0.5 gets no fair/good band.",
            "",
            "| figure | ICC(2,1) | mean absolute error | sessions | MITI band agreement | "
            "annotators' ICC | what the clinician reads |",
            "|---|---|---|---|---|---|---|",
        ]
        for name in FIGURES:
            figure = session["figures"].get(name, {})
            among = (ceiling.get("figures") or {}).get(name, {})
            error = figure.get("mae")
            if error is not None and name.startswith("percent"):
                error_text = f"{error:.1f} points"
            else:
                error_text = _number(error)
            lines.append(
                f"| {NAMES[name]} | {_number(figure.get('icc'))} | {error_text} | "
                f"{figure.get('sessions', 0)} | "
                f"{_number(figure.get('band_agreement'), percent=True)} | "
                f"{_number(among.get('icc'))} ({among.get('sessions', 0)} sessions) | "
                f"{describe(figure.get('icc'))[1]} |"
            )
        lines.append("")
    lines += [
        f"Clinicians' corrections used in this training: {used}"
        + (
            f" ({skipped} more could not be used: their transcripts were purged)."
            if skipped
            else "."
        )
        + f" Model file sha256 `{str(metrics.get('model_sha256', ''))[:12]}`.",
        "",
        END,
    ]
    return "\n".join(lines)


STRONG_BEGIN = "<!-- strong model, measured by reconnect train_relational --strong: begin -->"
STRONG_END = "<!-- strong model, measured by reconnect train_relational --strong: end -->"
TASKS = {
    "behaviour": "Counsellor behaviour (4 classes)",
    "reflection_type_end_to_end": "Reflection type, end to end",
    "reflection_type": "Reflection type, given a reflection",
    "question_type_end_to_end": "Question type, end to end",
    "question_type": "Question type, given a question",
    "input_type": "Input type, given giving information (4 classes)",
    "talk_type": "Client talk type (3 classes)",
    "emotional_reactions": "Empathy: emotional reactions",
    "interpretations": "Empathy: interpretations",
    "explorations": "Empathy: explorations",
}


def measured_strong(metrics: dict[str, Any]) -> str:
    """The strong model's generated section: the shipped int8 file against the default model
    on the same grouped validation split, utterances and sessions."""
    split = metrics.get("split") or {}
    annomi, epitome = split.get("annomi", {}), split.get("epitome", {})
    light = metrics.get("default_same_split") or {}
    lines = [
        STRONG_BEGIN,
        "",
        "## The strong model, measured",
        "",
        f"One grouped validation split (the first of the five `video_url` / `sp_id` folds): "
        f"trained on {annomi.get('train', 0)} utterances and {epitome.get('train', 0)} replies, "
        f"measured on {annomi.get('validation', 0)} utterances of "
        f"{(metrics.get('session') or {}).get('sessions', 0)} transcripts and "
        f"{epitome.get('validation', 0)} replies it never saw; five folds would take about "
        "six hours on this 2-core machine. The default model is fitted on the same training "
        "rows and scored on the same validation rows (without its decision offsets, which need "
        "the other folds), so the columns compare like with like. Figures of the shipped int8 "
        f"file as the engine runs it; epoch {metrics.get('best_epoch')} of "
        f"{metrics.get('epochs')} kept.",
        "",
        "| task | strong (int8) | default, same split | fp32 before quantising |",
        "|---|---|---|---|",
    ]
    for task, name in TASKS.items():
        lines.append(
            f"| {name} | {_number((metrics.get('macro_f1') or {}).get(task))} | "
            f"{_number((light.get('macro_f1') or {}).get(task))} | "
            f"{_number((metrics.get('fp32_macro_f1') or {}).get(task))} |"
        )
    lines += [
        "",
        "| session figure | strong: ICC(2,1) | strong: mean absolute error | default, same "
        "split: ICC(2,1) | what the clinician reads (strong) |",
        "|---|---|---|---|---|",
    ]
    strong_figures = (metrics.get("session") or {}).get("figures") or {}
    light_figures = (light.get("session") or {}).get("figures") or {}
    for name in FIGURES:
        figure = strong_figures.get(name, {})
        error = figure.get("mae")
        error_text = (
            f"{error:.1f} points"
            if error is not None and name.startswith("percent")
            else _number(error)
        )
        lines.append(
            f"| {NAMES[name]} | {_number(figure.get('icc'))} | {error_text} | "
            f"{_number(light_figures.get(name, {}).get('icc'))} | "
            f"{describe(figure.get('icc'))[1]} |"
        )
    used = (metrics.get("corrections") or {}).get("used", 0)
    lines += [
        "",
        f"Clinicians' corrections used in this training: {used}. Model file sha256 "
        f"`{str(metrics.get('model_sha256', ''))[:12]}`.",
        "",
        STRONG_END,
    ]
    return "\n".join(lines)


def write_card(out: Path, metrics: dict[str, Any], *, strong: bool = False) -> Path:
    """Rewrite one measured section of the card beside the models (the default model's, or
    with `strong` the strong model's): the package's own card when training into the package,
    else a copy in the output folder."""
    target = CARD if out.resolve() == MODELS.resolve() else out / "MODEL_CARD.md"
    text = (target if target.exists() else CARD).read_text(encoding="utf-8")
    begin, end = (STRONG_BEGIN, STRONG_END) if strong else (BEGIN, END)
    section = measured_strong(metrics) if strong else measured(metrics)
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    target.write_text(text, encoding="utf-8")
    return target
