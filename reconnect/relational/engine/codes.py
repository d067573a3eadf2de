"""The codes an utterance can carry, written as one short string ("question:open",
"talk:change"), with the plain words a clinician reads for each, and corrections applied to
coded utterances. AnnoMI's labels (Wu et al. 2022, 2023) underneath; never shown raw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from reconnect.relational.engine.model import CodedUtterance

# Counsellor codes, in the order a correction offers them: the main behaviour, with its subtype.
THERAPIST_CODES = {
    "reflection:simple": "Simple reflection",
    "reflection:complex": "Complex reflection",
    "question:open": "Open question",
    "question:closed": "Closed question",
    "therapist_input:information": "Giving information",
    "therapist_input:advice": "Giving advice",
    "therapist_input:options": "Offering options",
    "therapist_input:negotiation": "Setting goals or plans together",
    "other:": "Other (greeting, small talk, structuring)",
}
CLIENT_CODES = {
    "talk:change": "Change talk",
    "talk:neutral": "Neutral",
    "talk:sustain": "Sustain talk",
}
CODES = {"therapist": THERAPIST_CODES, "client": CLIENT_CODES}
BEHAVIOUR_LABELS = {
    "reflection": "Reflection",
    "question": "Question",
    "therapist_input": "Giving information",
    "other": "Other",
}
# Behaviour alone, where the model gave no subtype (an older model without the input subtypes).
PLAIN_BEHAVIOUR = {
    "reflection:": "Reflection",
    "question:": "Question",
    "therapist_input:": "Giving information",
}


class UnknownCode(ValueError):
    """A code that does not exist for this speaker; the message says which ones do."""


def code_of(u: CodedUtterance) -> str:
    """The one-string code of a coded utterance ("" for a client utterance without a talk type)."""
    if u.speaker == "client":
        return f"talk:{u.talk_type}" if u.talk_type else ""
    subtype = {
        "reflection": u.reflection_type,
        "question": u.question_type,
        "therapist_input": u.input_type,
    }.get(u.behaviour or "")
    return f"{u.behaviour}:{subtype or ''}" if u.behaviour else ""


def label(code: str) -> str:
    """The plain words for a code ("Giving information", never "therapist_input")."""
    return (
        THERAPIST_CODES.get(code)
        or CLIENT_CODES.get(code)
        or PLAIN_BEHAVIOUR.get(code)
        or ("Other" if code.startswith("other:") else "")
    )


def check(speaker: str, code: str) -> str:
    """The code if it exists for this speaker, else UnknownCode naming the ones that do."""
    allowed = CODES.get(speaker, {})
    if code not in allowed:
        raise UnknownCode(
            f"“{code}” is not a code for a {'counsellor' if speaker == 'therapist' else 'client'}"
            f" utterance; choose one of: {', '.join(allowed.values())}."
        )
    return code


def with_code(u: CodedUtterance, code: str) -> CodedUtterance:
    """The utterance coded as `code` instead (its words and language flags unchanged)."""
    return _recoded(u, check(u.speaker, code))


def _recoded(u: CodedUtterance, code: str) -> CodedUtterance:
    head, _, written = code.partition(":")
    subtype = written or None
    if u.speaker == "client":
        return replace(u, talk_type=subtype)
    return replace(
        u,
        behaviour=head,
        reflection_type=subtype if head == "reflection" else None,
        question_type=subtype if head == "question" else None,
        input_type=subtype if head == "therapist_input" else None,
    )


def apply(coded: Sequence[CodedUtterance], corrections: Mapping[int, str]) -> list[CodedUtterance]:
    """The session with each corrected utterance (by index) carrying the clinician's code."""
    return [with_code(u, corrections[u.index]) if u.index in corrections else u for u in coded]


def from_codes(codes: Sequence[Sequence[str]]) -> list[CodedUtterance]:
    """Coded utterances without words, from (speaker, code) pairs: what survives the purge."""
    blank = [CodedUtterance(i, s, "", None, None, None, None, ()) for i, (s, _) in enumerate(codes)]
    return [_recoded(u, c) if c else u for u, (_, c) in zip(blank, codes, strict=True)]
