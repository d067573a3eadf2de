"""What people read in and around a peer group: the group agreements (clinical-reference §4.2,
in plain words), what facilitators do, why there are no private messages, and the kind
messages for input a group cannot take. Pure: no Django."""

from __future__ import annotations

# Bump the version whenever the words below change: members accept the version they read.
AGREEMENTS_VERSION = "2026-12-1"

AGREEMENTS: tuple[str, ...] = (
    "What is said here stays here. Keep what others share to yourself.",
    "No screenshots, and no copying posts to anywhere outside the group.",
    "No dating, flirting or soliciting, and no selling anything.",
    "Never share anyone's identity: not another member's, and not yours by accident (no full "
    "names, addresses, workplaces or photos).",
    "Be kind. Speak from your own experience, and let others find their own way.",
)

FACILITATORS_DO: tuple[str, ...] = (
    "A named facilitator, a peer recovery specialist or a clinician, reads the group and keeps "
    "it safe. A new member's first {held} posts wait for a facilitator before others see them.",
    "A facilitator may hide a post, pause someone's posting for 24 hours or 7 days, or remove "
    "someone from the group. Each step has a reason, written in the group's log.",
    "If a post has words that worry us (about suicide, self-harm, overdose or not being safe "
    "at home), you see crisis resources at once, the post waits for a facilitator, and your own "
    "care team is told that you may need support. They are not sent the words of your post.",
    "Otherwise facilitators do not pass on what you write here. Your care team sees how often "
    "you take part only if you turn that on in Sharing, and never what you write.",
)

NO_DIRECT_MESSAGES = (
    "There are no private messages between members. In online groups, private messages are "
    "where harassment and pressure happen, out of sight. Here connection happens in the group, "
    "where a facilitator is present, and with your care team."
)

# Clinical-reference §4.1, "What the writer sees, the same moment" (our words), with the
# sentence about a message made true of a post: it is held for a facilitator, not shown.
WORRYING_WORDS_SHOWN = (
    "It sounds like things may be really hard right now. If you are in danger, call 911. You "
    "can call or text 988 any time, day or night, or text HOME to 741741. Your post is waiting "
    "for a facilitator, and your care team will see that it needs attention."
)

EMPTY = "Please write something before posting."
TOO_LONG = "Please keep a post to {limit:,} characters or fewer (this one has {length:,})."
ALREADY_POSTED = "This post was already sent. Please write a new one."
NOT_A_MEMBER = "Only members of this group can do that."
REMOVED = (
    "A facilitator removed you from this group, so you can't post here any more. Your care "
    "team can help you find another group."
)
LEFT = "You left this group. Ask to join again if you would like to come back."
MUTED = "A facilitator has paused your posting for now. You can post again on {until}."
MUTED_READING = "You can still read the group, and your care team is there for you meanwhile."
NOT_AGREED = "Please read and accept the group agreements before your first post."
FULL = (
    "This group is full right now ({limit} of {limit} places). Your care team can suggest "
    "another group, or you can ask again later."
)
ALIAS_EMPTY = "Please choose a name to use in this group."
ALIAS_TOO_LONG = "Please keep your group name to {limit} characters or fewer."
ALIAS_TAKEN = "Someone in this group already uses that name. Please choose another."
ALIAS_RESERVED = "The group's pages use “{alias}” for something else. Please choose another name."
ALIAS_ROLE_WORD = (
    "“{word}” is how the group's pages name the people who look after it, so others could "
    "take your posts for theirs. Please choose another name."
)
ALIAS_FACILITATOR = (
    "That is the name of one of this group's facilitators, so others could take your posts for "
    "theirs. Please choose another name."
)
ALIAS_IS_ACCOUNT_NAME = (
    "That is the name on your account. Please choose a different name for this group, so "
    "your real name stays private."
)
ALIAS_LOOKS_REAL = (
    "That name includes part of your real name ({part}). To keep your name private, you may "
    "like to choose another. If you're sure, tick the box to use it anyway."
)
REPORT_OWN = "You can't report your own post. You can delete it instead."
REPORT_OWN_PAGE = (
    "This is your own post, so there is nothing to report. If you would rather it weren't "
    "there, you can delete it from the thread."
)
NOTHING_TO_KEEP_UP = (
    "No one has reported this post (or the reports are already closed), so there is nothing to "
    "keep up. Nothing was written in the log."
)
NOT_PAUSED = "{alias} can already post: their posting isn't paused. Nothing was written in the log."
REPORT_TWICE = "You already reported this post. A facilitator will look at it."
REASON_NEEDED = "Please give a short reason: it goes into the group's log."
REPLY_ELSEWHERE = "You can reply only to a post in this group that others can see."
LANGUAGE_SUGGESTION = (
    "A gentle thought before you post: some words can land hard on people in recovery. You "
    "could write {suggestion} instead of “{term}”. You can change it, or post it as it is."
)
