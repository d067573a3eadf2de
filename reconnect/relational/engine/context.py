"""What the strong model reads for each utterance: the utterance with its speaker, then its
context, nearest first: the next turn (a reflection is often confirmed), then up to six earlier
turns of both speakers (a reflection restates the client; change talk answers a question).
Training and inference build the same pair, so the model sees at run time what it learnt from."""

from __future__ import annotations

from collections.abc import Sequence

EARLIER_TURNS = 6
LABEL = {"therapist": "counsellor", "client": "client"}


def _turn(speaker: str, text: str) -> str:
    return f"{LABEL.get(speaker, speaker)}: {text.strip()}"


def utterance_pairs(turns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(speaker, text) turns in order → one (utterance, context) pair per turn."""
    out = []
    for i, (speaker, text) in enumerate(turns):
        context = []
        if i + 1 < len(turns):
            context.append("next " + _turn(*turns[i + 1]))
        for j in range(i - 1, max(-1, i - 1 - EARLIER_TURNS), -1):
            context.append(_turn(*turns[j]))
        out.append((_turn(speaker, text), " | ".join(context)))
    return out


def reply_pair(post: str, reply: str) -> tuple[str, str]:
    """A written reply first, then the post it answers."""
    return (f"reply: {reply.strip()}", f"post: {post.strip()}")
