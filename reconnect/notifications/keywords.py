"""What an inbound text asks for: the carriers' opt-out, opt-in and help keywords. Pure."""

from __future__ import annotations

# The whole text must be the keyword (any case, spaces or a full stop around it), as carriers
# and the provider match them; "stop by later" is an ordinary text.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP"})


def classify(body: str) -> str:
    """One of "stop", "start", "help" or "other" (the values of models.InboundKind)."""
    word = body.strip().strip(".!").strip().upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return "other"
