"""What people read around a conversation: clinical-reference §4.1's words, used exactly."""

from __future__ import annotations

# §4.1 "What the writer sees, the same moment" (our words; never ask them to rephrase).
WORRYING_WORDS_SHOWN = (
    "It sounds like things may be really hard right now. If you are in danger, call 911. You "
    "can call or text 988 any time, day or night, or text HOME to 741741. Your message has "
    "been sent, and your care team will see that it needs attention."
)
DANGER_NOW = "If you are in danger now, call 911; call or text 988 any time."
EMPTY = "Please write a message before sending."
TOO_LONG = "Please keep a message to {limit:,} characters or fewer (this one has {length:,})."
NOT_IN_CONVERSATION = "Only the client and their care team write in this conversation."
