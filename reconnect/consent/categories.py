"""The parts of a record a client can share, in plain words. Pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedCategory:
    key: str
    label: str
    what: str


CHECKIN_SUMMARY = "checkin_summary"
CIRCLE = "circle"
SAFETY_PLAN = "safety_plan"
MEASURES = "measures"
ATTENDANCE = "attendance"
SHARED_NOTES = "shared_notes"
COUNSELLING_NOTES = "counselling_notes"

CATEGORIES = (
    SharedCategory(
        CHECKIN_SUMMARY,
        "Check-in summary",
        "How many times you checked in each week and on how many days you connected with "
        "someone. Never your private notes or craving numbers.",
    ),
    SharedCategory(
        CIRCLE,
        "Support circle",
        "The names in your circle and how they help. Never their phone numbers or addresses.",
    ),
    SharedCategory(SAFETY_PLAN, "Safety plan", "Your current safety plan, all six steps."),
    SharedCategory(
        MEASURES,
        "Questionnaire scores",
        "The date, questionnaire and total score of each questionnaire you completed. "
        "Not your answers to single questions.",
    ),
    SharedCategory(
        ATTENDANCE,
        "Session attendance",
        "The dates of your sessions and whether each one happened.",
    ),
    SharedCategory(
        SHARED_NOTES,
        "Shared session notes",
        "Notes your clinician wrote about sessions, except counselling notes.",
    ),
    SharedCategory(
        COUNSELLING_NOTES,
        "Counselling notes",
        "Your clinician's separate counselling notes. These can only be shared on their own, "
        "in a consent that covers nothing else.",
    ),
)
BY_KEY = {c.key: c for c in CATEGORIES}
KEYS = tuple(BY_KEY)


def describe(keys: list[str] | tuple[str, ...]) -> str:
    """The amount and kind of information a consent covers, in plain words."""
    return " ".join(f"{BY_KEY[k].label}: {BY_KEY[k].what}" for k in keys if k in BY_KEY)


def labels(keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(BY_KEY[k].label.lower() for k in keys if k in BY_KEY)
