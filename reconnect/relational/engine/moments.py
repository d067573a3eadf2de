"""Moments worth another look: patterns motivational interviewing counts as MI-inconsistent or as
a missed chance, that the codes can show (MITI 4.2.1: advice or information given without the
client's permission, closed questions rather than open ones and reflections; Miller & Rollnick:
reflecting change talk strengthens it). Asking permission is good practice and never a moment.

Each moment quotes the client's words just before it; the quotes are stored encrypted with the
transcript and purged with it (see `relational.runner.split_summary`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reconnect.relational.engine.model import CodedUtterance

MOMENT_COUNT = 5
CLOSED_RUN = 3
QUOTE_LIMIT = 180

# The counsellor asks before giving information or advice, elicits what the client knows first,
# or leaves the choice with the client.
PERMISSION = re.compile(
    r"\b(?:is it|would it be|would that be|is that) (?:ok|okay|alright|all right|fine)\b"
    r"|\b(?:may|can|could|might) i (?:share|tell|offer|give|suggest|make|mention|add|explain|"
    r"show|go over|run|talk|ask)\b"
    r"|\bdo you mind if\b|\bmind if i\b|\bwith your permission\b"
    r"|\bwould you (?:like|want|be interested|be open) (?:me )?to (?:hear|know|talk|look)\b"
    r"|\bwould you like (?:some|a few|more) (?:information|ideas|suggestions)\b"
    r"|\bwould it help if i\b|\bhow would you feel (?:about|if) (?:me|my|i)\b"
    r"|\bwhat do you (?:already )?know about\b"
    r"|\bif you(?:'d| would) like\b|\b(?:it's|it is|that's|that is) (?:up to you|your (?:choice|"
    r"call|decision))\b|\byou (?:can|get to) decide\b"
)
# The client asks for it: MITI counts information or advice the client asked for as permitted.
CLIENT_ASKS = re.compile(
    r"\?|\bwhat (?:should|can|could|do) i\b|\bwhat do you (?:think|suggest|recommend)\b"
    r"|\bdo you have any (?:ideas|advice|suggestions|tips)\b|\b(?:can|could) you (?:tell|help) me\b"
)

KINDS: dict[str, dict[str, str]] = {
    "advice_without_permission": {
        "label": "Giving advice without asking permission",
        "suggestion": (
            "Asking first (“Would it be okay if I shared an idea?”), or asking what the client "
            "has already thought of, keeps the choice with them; advice they did not ask for "
            "can meet with resistance."
        ),
    },
    "question_after_change_talk": {
        "label": "A question right after change talk",
        "suggestion": (
            "A complex reflection, one that names the meaning or feeling behind the client's "
            "words, might deepen the conversation more than another question."
        ),
    },
    "information_without_permission": {
        "label": "Giving information without asking first",
        "suggestion": (
            "Asking whether the client would like to hear it, or what they already know "
            "(elicit, provide, elicit), turns information into a conversation."
        ),
    },
    "closed_questions": {
        "label": "Several closed questions in a row",
        "suggestion": (
            "A run of closed questions can make a session feel like an interview; an open "
            "question or a reflection invites the client to say more than yes or no."
        ),
    },
}


# Which moments are kept when there are more than MOMENT_COUNT.
WEIGHTS = {
    "advice_without_permission": 400,
    "question_after_change_talk": 300,
    "information_without_permission": 200,
    "closed_questions": 100,
}


def asks_permission(text: str) -> bool:
    """The counsellor asks permission, elicits first, or leaves the choice with the client."""
    return bool(PERMISSION.search(text.lower()))


def moments(coded: Sequence[CodedUtterance]) -> list[dict[str, Any]]:
    """Up to MOMENT_COUNT moments in session order, the weightiest kinds first to be kept."""
    found: list[tuple[int, CodedUtterance, str, CodedUtterance | None]] = []
    last_client: CodedUtterance | None = None
    permitted = False  # permission asked (or the client asked) and still in force
    closed_run = 0
    for u in coded:
        if u.speaker == "client":
            if CLIENT_ASKS.search(u.text.lower()):
                permitted = True
            last_client = u
            continue
        permission = asks_permission(u.text)
        kind = _kind(u, last_client, permitted or permission, closed_run)
        if u.behaviour == "question" and u.question_type == "closed" and not permission:
            closed_run += 1
        elif u.behaviour != "other":
            closed_run = 0
        if kind:
            found.append((WEIGHTS[kind] + _length(last_client), u, kind, last_client))
            if kind == "closed_questions":
                closed_run = 0  # one moment per run
        # Permission lasts through the information or advice it was asked for.
        permitted = permission or (permitted and u.behaviour in ("therapist_input", "other"))
    kept = sorted(found, key=lambda m: (-m[0], m[1].index))[:MOMENT_COUNT]
    return [
        _moment(u, kind, client) for _, u, kind, client in sorted(kept, key=lambda m: m[1].index)
    ]


def _kind(
    u: CodedUtterance, client: CodedUtterance | None, permitted: bool, closed_run: int
) -> str | None:
    if u.behaviour == "therapist_input" and not permitted:
        if u.input_type == "advice":
            return "advice_without_permission"
        if u.input_type == "information":
            return "information_without_permission"
        return None
    if u.behaviour != "question" or asks_permission(u.text):
        return None
    if client is not None and client.index == u.index - 1 and client.talk_type == "change":
        return "question_after_change_talk"
    if u.question_type == "closed" and closed_run + 1 >= CLOSED_RUN:
        return "closed_questions"
    return None


def _length(client: CodedUtterance | None) -> int:
    return min(len(client.text), 99) if client else 0


def _moment(u: CodedUtterance, kind: str, client: CodedUtterance | None) -> dict[str, Any]:
    return {
        "index": u.index,
        "kind": kind,
        "label": KINDS[kind]["label"],
        "client_said": quote(client.text) if client else "",
        "counsellor_said": quote(u.text),
        "talk_type": client.talk_type if client else None,
        "suggestion": KINDS[kind]["suggestion"],
    }


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
