"""Person-first language check: finds stigmatizing terms and suggests kinder words.

Source: clinical-reference.md §5 (ONDCP "Changing the Language of Addiction", 2017; NIDA "Words
Matter"; AAP 2022). Validated instrument wording and quotations are never rewritten: callers pass
such text through `allowed` or skip it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    suggestion: str


@dataclass(frozen=True)
class LanguageFlag:
    term: str
    suggestion: str
    start: int
    end: int


def _rule(regex: str, suggestion: str) -> Rule:
    return Rule(re.compile(regex, re.IGNORECASE), suggestion)


RULES: tuple[Rule, ...] = (
    _rule(r"\b(?:former|reformed|recovering)\s+addicts?\b", "person in recovery"),
    _rule(r"\baddicted\s+bab(?:y|ies)\b", "baby born exposed to substances"),
    _rule(r"\baddicts?\b", "person with a substance use disorder"),
    _rule(r"\b(?:drug|substance|alcohol)\s+abusers?\b", "person who uses drugs"),
    _rule(r"\babusers?\b", "person who uses drugs"),
    _rule(r"\bjunkies?\b", "person who uses drugs"),
    _rule(r"\b(?:drug|substance)\s+users?\b", "person who uses drugs"),
    _rule(r"\balcoholics?\b", "person with alcohol use disorder"),
    _rule(r"\bdrunks?\b(?!\s+driving)", "person with alcohol use disorder"),
    _rule(r"\b(?:substance|drug|alcohol)\s+abuse\b", "substance use (or substance use disorder)"),
    _rule(r"\bdrug\s+(?:habit|problem)s?\b", "substance use disorder"),
    _rule(
        r"\b(?:stay|stays|stayed|staying|get|gets|got|getting|be|been|being|is|was|am|are|were)\s+"
        r"clean\b",
        "in recovery / not currently using",
    ),
    _rule(r"\bclean\s+(?:time|date|and\s+sober)\b", "time in recovery"),
    _rule(
        r"\b(?:clean|dirty)\s+(?:urine|test|screen|sample|drug\s+test)s?\b",
        "tested negative / tested positive",
    ),
    _rule(r"\b(?:is|was|were|came\s+back|got)\s+dirty\b", "tested positive / actively using"),
    _rule(r"\bopioid\s+replacement\b", "medication for opioid use disorder"),
    _rule(r"\bmethadone\s+maintenance\b", "medication for opioid use disorder"),
    _rule(r"\bmanipulative\b", "working to get their needs met"),
    _rule(
        r"\bnon-?compliant\b|\bnoncompliance\b|\bnon-compliance\b",
        "not yet engaged / looking for other options",
    ),
    _rule(r"\brelaps(?:e|es|ed|ing)\b", "return to use / recurrence"),
)


# Every rule at once: most text has none of the terms, and one search says so in a single pass
# (every post and message is checked as it is written).
ANY_RULE = re.compile("|".join(f"(?:{rule.pattern.pattern})" for rule in RULES), re.IGNORECASE)


def check_language(text: str) -> list[LanguageFlag]:
    """Every stigmatizing term in `text`, in order, each with a person-first suggestion."""
    if not ANY_RULE.search(text):
        return []
    flags: list[LanguageFlag] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue
            taken.append(span)
            flags.append(LanguageFlag(match.group(0), rule.suggestion, *span))
    return sorted(flags, key=lambda flag: flag.start)
