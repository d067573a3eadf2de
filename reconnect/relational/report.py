"""A readable text report of an analysed session (the CLI's --format text)."""

from __future__ import annotations

from typing import Any


def _fmt(value: float | None, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:g}{suffix}"


def _band(s: dict[str, Any], name: str, context: str) -> str:
    """The band with its MITI context, only for a figure that agrees well enough to carry one."""
    trust = (s.get("reliability") or {}).get(name) or {}
    words = trust.get("words", "")
    if trust.get("band_shown") and s.get(f"{name}_level"):
        return f" ({s[f'{name}_level']}; {context}). {words}"
    return f". {words}" if words else ""


def text_report(name: str, result: dict[str, Any]) -> str:
    s = result["summary"]
    lines = [
        f"Session: {name}",
        f"  Model: {result['model']['name']} {result['model']['version']}",
        f"  {s['utterances']} utterances ({s['therapist_utterances']} counsellor, "
        f"{s['client_utterances']} client)",
        f"  Reflections {s['behaviour_counts']['reflection']} "
        f"(simple {s['reflections']['simple']}, complex {s['reflections']['complex']}); "
        f"questions {s['behaviour_counts']['question']} "
        f"(open {s['questions']['open']}, closed {s['questions']['closed']})",
        f"  Reflection-to-question ratio: {_fmt(s['reflection_to_question'])}"
        + _band(s, "reflection_to_question", "MITI 4.2.1 fair 1:1, good 2:1"),
        f"  Complex reflections: {_fmt(s['percent_complex_reflections'], '%')}"
        + _band(s, "percent_complex_reflections", "MITI 4.2.1 fair 40%, good 50%"),
        f"  Open questions: {_fmt(s['percent_open_questions'], '%')}"
        + _band(s, "percent_open_questions", ""),
        f"  Client change talk: {s['client_talk']['change']}, sustain talk: "
        f"{s['client_talk']['sustain']} ({_fmt(s['percent_change_talk'], '%')} change)"
        + _band(s, "percent_change_talk", ""),
    ]
    if s["feedback"]:
        lines.append("  Moments worth another look:")
        for item in s["feedback"]:
            lines.append(f"   - {item['label']}")
            if item["client_said"]:
                lines.append(f'     the client said "{item["client_said"]}"')
            lines.append(f'     you said "{item["counsellor_said"]}"')
            lines.append(f"     {item['suggestion']}")
    flagged = [u for u in result["utterances"] if u["language_flags"]]
    for u in flagged:
        for flag in u["language_flags"]:
            lines.append(
                f"  Language (utterance {u['index']}): '{flag['term']}' → {flag['suggestion']}"
            )
    lines.append(f"  {s['disclaimer']}")
    return "\n".join(lines)
