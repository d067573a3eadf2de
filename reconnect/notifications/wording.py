"""The fixed words of every text and notification email. Pure: no Django.

No template takes free text: what anyone wrote never reaches a text or an email. The discreet
forms (the client said someone else may see their messages) name no program and use no
clinical word; crisis numbers stay, as a person texting us may need them.
"""

from __future__ import annotations

from dataclasses import dataclass

STOP_FOOTER = "Reply STOP to stop texts."
CRISIS = "For a crisis, call or text 988."
# Clinical-reference §4.1, "What the writer sees": the first three sentences, word for word.
WORRY = (
    "It sounds like things may be really hard right now. If you are in danger, call 911. "
    "You can call or text 988 any time, day or night, or text HOME to 741741."
)


@dataclass(frozen=True)
class Wording:
    plain: str
    discreet: str


TEXTS = {
    "checkin_reminder": Wording(
        f"{{program}}: a gentle reminder to check in today, if you'd like to. {{link}} "
        f"{STOP_FOOTER}",
        f"A gentle reminder for today. {STOP_FOOTER}",
    ),
    "appointment_reminder": Wording(
        f"{{program}}: a reminder of your appointment {{when}}. {{link}} {STOP_FOOTER}",
        f"A reminder: {{when}}. {STOP_FOOTER}",
    ),
    "new_message": Wording(
        f"{{program}}: you have a new message from your care team. Sign in to read it. "
        f"{{link}} {STOP_FOOTER}",
        f"You have a new notification. Sign in to see it. {STOP_FOOTER}",
    ),
    "help_reply": Wording(
        "{program}: these texts are reminders and notices you chose. Reply STOP to stop them, "
        f"START to start again. To message your care team, sign in. {{link}} {CRISIS}",
        "These texts are reminders you chose. Reply STOP to stop them, START to start again. "
        f"{CRISIS}",
    ),
    "inbound_reply": Wording(
        "{program}: replies to this number are not read. To message your care team, sign in. "
        f"{{link}} {CRISIS}",
        f"Replies to this number are not read. Please sign in to send a message. {CRISIS}",
    ),
    "inbound_worrying": Wording(
        f"{WORRY} Your care team will see that it needs attention. To message them, sign in. "
        "{link}",
        f"{WORRY} Please sign in to send a message.",
    ),
}
MAX_WHEN = 40


def text_body(name: str, *, discreet: bool, program: str, link: str = "", when: str = "") -> str:
    """The body of a text from its fixed template (KeyError for an unknown template)."""
    if len(when) > MAX_WHEN:
        raise ValueError("`when` is a short time, never free text")
    wording = TEXTS[name]
    body = (wording.discreet if discreet else wording.plain).format(
        program=program, link=link, when=when
    )
    return " ".join(body.split())


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def client_email(*, discreet: bool, program: str, link: str) -> Email:
    """Telling a client a new message is waiting."""
    if discreet:
        return Email("A new notification", "You have a new notification. Sign in to see it.\n")
    where = f"Sign in to read it: {link}" if link else "Sign in to read it."
    return Email(
        f"{program}: a new message",
        f"You have a new message from your care team. {where}\n\n"
        "This email never contains the message itself.\n",
    )


def staff_email(*, urgent: bool, sent_at: str, link: str) -> Email:
    """Telling a care-team member a client wrote (no name, no words: email is not private)."""
    where = f": {link}" if link else "."
    if urgent:
        return Email(
            "Please read a message now",
            f"A message from a client on your caseload, sent at {sent_at}, has words that "
            f"worry us. Please read it now{where}\n\n"
            "This email never contains the message itself.\n",
        )
    return Email(
        "A new message is waiting",
        f"A client on your caseload sent a message at {sent_at}. Sign in to read it{where}\n\n"
        "This email never contains the message itself.\n",
    )


def group_email(*, kind: str, sent_at: str, link: str) -> Email:
    """Telling a facilitator a post is held for them, or a care-team member that a client's
    group post has words that worry us: no name, no alias, no words, no group name."""
    where = f": {link}" if link else "."
    if kind == "group_both":
        return Email(
            "Please review a held group post and an urgent item now",
            f"A post in a peer group you facilitate, written at {sent_at}, has words that worry "
            "us. It is held for you, and because the writer is a client on your caseload, an "
            f"urgent item is on your radar too: please look at both now{where}\n\n"
            "This email never contains the post itself.\n",
        )
    if kind == "group_held":
        return Email(
            "Please review a held group post now",
            f"A post in a peer group you facilitate, written at {sent_at}, has words that worry "
            f"us. It is held for you: please review it now{where}\n\n"
            "This email never contains the post itself.\n",
        )
    return Email(
        "Please look at an urgent item now",
        f"A client on your caseload wrote a peer-group post at {sent_at} with words that worry "
        f"us. An urgent item is on your radar: please look at it now{where}\n\n"
        "This email never contains the post itself.\n",
    )
