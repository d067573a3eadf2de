"""A readable text report of an analysed session (the CLI's --format text)."""

from __future__ import annotations

from typing import Any


def _fmt(value: float | None, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:g}{suffix}"


def text_report(name: str, result: dict[str, Any]) -> str:
    s = result["summary"]
    lines = [
        f"Session: {name}",
        f"  {s['utterances']} utterances ({s['therapist_utterances']} counsellor, "
        f"{s['client_utterances']} client)",
        f"  Reflections {s['behaviour_counts']['reflection']} "
        f"(simple {s['reflections']['simple']}, complex {s['reflections']['complex']}); "
        f"questions {s['behaviour_counts']['question']} "
        f"(open {s['questions']['open']}, closed {s['questions']['closed']})",
        f"  Reflection-to-question ratio: {_fmt(s['reflection_to_question'])} "
        f"({s['reflection_to_question_level'] or 'n/a'}; MITI fair 1:1, good 2:1)",
        f"  Complex reflections: {_fmt(s['percent_complex_reflections'], '%')} "
        f"({s['percent_complex_reflections_level'] or 'n/a'}; MITI fair 40%, good 50%)",
        f"  Open questions: {_fmt(s['percent_open_questions'], '%')}",
        f"  Client change talk: {s['client_talk']['change']}, sustain talk: "
        f"{s['client_talk']['sustain']} ({_fmt(s['percent_change_talk'], '%')} change)",
    ]
    if s["feedback"]:
        lines.append("  Moments worth another look:")
        for item in s["feedback"]:
            lines.append(f'   - after the client said "{item["client_said"]}"')
            lines.append(f'     you asked "{item["question_asked"]}". {item["suggestion"]}')
    flagged = [u for u in result["utterances"] if u["language_flags"]]
    for u in flagged:
        for flag in u["language_flags"]:
            lines.append(
                f"  Language (utterance {u['index']}): '{flag['term']}' → {flag['suggestion']}"
            )
    lines.append(f"  {s['disclaimer']}")
    return "\n".join(lines)
