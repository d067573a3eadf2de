"""Guidance for supporters, following the CRAFT components (clinical-reference §7) in our own
words. Clinical sign-off needed before release, like all clinical content."""

from __future__ import annotations

from dataclasses import dataclass

from reconnect.core.crisis import Resource


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    points: tuple[str, ...]


GUIDE = (
    Topic(
        "why",
        "Why your support matters",
        (
            "Family and friends who learn a few skills often help a loved one start or stay in "
            "treatment, and feel better themselves along the way.",
            "You are not responsible for someone else's recovery. You can make it more likely, "
            "and you can look after yourself while you do.",
        ),
    ),
    Topic(
        "patterns",
        "Notice the patterns",
        (
            "Use tends to follow triggers: certain people, places, times, feelings. Notice what "
            "comes before, and what it gives your loved one in the short run.",
            "Notice the good times too: what they enjoy doing when they are not using. Those "
            "are the moments to build on.",
        ),
    ),
    Topic(
        "communication",
        "Talk in a way that can be heard",
        (
            "Keep it short, positive and specific: say what you would like to happen, not only "
            "what you want to stop.",
            'Name your own feeling ("I feel worried when…"), offer to share some of the '
            "responsibility, and offer help.",
            "Choose a calm moment. Conversations during or right after use rarely go well.",
        ),
    ),
    Topic(
        "reward",
        "Reward recovery-positive moments",
        (
            "When your loved one chooses not to use, goes to a session, or reaches out, "
            "notice it and respond warmly: time together, a favourite meal, a kind word.",
            "Make time without substances the more rewarding time.",
        ),
    ),
    Topic(
        "consequences",
        "Step back and let natural consequences happen",
        (
            "Stop rewarding use without meaning to, for example by covering for missed work or "
            "cleaning up after a night of using, when it is safe to step back.",
            "Letting consequences happen is not punishment; it lets the costs of use be felt "
            "by the person who can change it. Never do this where someone could be hurt.",
        ),
    ),
    Topic(
        "solve",
        "Solve one problem at a time",
        (
            "Pick one concrete situation, list several options, choose one to try, and review "
            "how it went. Small, specific plans work better than big promises.",
        ),
    ),
    Topic(
        "yourself",
        "Look after yourself",
        (
            "Your own wellbeing matters for its own sake. Keep up things you enjoy and people "
            "who support you.",
            "Sleep, food, movement and time with friends make the hard days more bearable.",
        ),
    ),
    Topic(
        "suggest",
        "Suggest treatment at a good moment",
        (
            "Good moments come when your loved one is worried about their use, regrets "
            "something that happened, or asks about your support or about treatment.",
            "Have a next step ready, such as a clinic's number or an appointment that could "
            "start soon, so help is there when they say yes.",
            "If the answer is no, stay warm and try again at another good moment.",
        ),
    ),
    Topic(
        "safety",
        "Keep yourself safe as things change",
        (
            "Changes at home can sometimes raise the risk of harm. If you ever feel unsafe, "
            "your safety comes first: make a plan for where you could go and whom you could "
            "call.",
        ),
    ),
)

# Re-verify every quarter, like the crisis lines.
DV_RESOURCES = (
    Resource(
        "National Domestic Violence Hotline",
        "Call 1-800-799-7233, or text START to 88788",
        "tel:18007997233",
        "Free, confidential support 24/7 for anyone experiencing abuse, and for those "
        "worried about someone.",
    ),
    Resource("Emergency", "Call 911", "tel:911", "If you or someone else is in danger now."),
)
