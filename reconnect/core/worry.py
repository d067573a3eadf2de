"""Words that worry us in a message or a post: a safety net, never a risk assessment.

The phrase list is clinical-reference §4.1 ("Starting list", English), kept as data with its
version and review date; it needs clinical sign-off before production. Matching is
case-insensitive, on whole words, and tolerant of missing apostrophes ("cant go on", "ODd").
False positives are acceptable; false reassurance is not: a text without a match is only
"no match", never "no risk". Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "2026-11-en-1"
REVIEWED = "2026-11-30"

PHRASES: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "end it all",
    "take my life",
    "want to die",
    "wanna die",
    "wish I was dead",
    "better off dead",
    "no reason to live",
    "can't go on",
    "hurt myself",
    "harm myself",
    "self-harm",
    "cut myself",
    "overdose",
    "overdosed",
    "OD'd",
    "took too many",
    "using alone",
    "use alone",
    "not safe at home",
    "he hurts me",
    "she hurts me",
    "afraid to go home",
)

_APOSTROPHES = "'\u2019\u02bc`"


def _pattern(phrase: str) -> str:
    words = []
    for word in phrase.split():
        # An apostrophe may be typed, curly or left out; a hyphen may be a space or nothing.
        word = re.escape(word.lower())
        word = re.sub(r"\\?'", f"[{_APOSTROPHES}]?", word)
        word = word.replace(r"\-", r"[-\s]?")
        words.append(word)
    return r"\s+".join(words)


_MATCHER = re.compile(
    r"(?<![\w])(?:" + "|".join(_pattern(p) for p in PHRASES) + r")(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Check:
    """The outcome of one check: whether a listed phrase appears, and which list was used."""

    worrying: bool
    version: str


def check(text: str) -> Check:
    """Whether `text` holds any of the words that worry us (never a judgement of safety)."""
    return Check(worrying=_MATCHER.search(text or "") is not None, version=VERSION)
