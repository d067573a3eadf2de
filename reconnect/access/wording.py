"""The words a client reads about each access to their record, on the page and in the CSV.

Clients often read this page in distress, so each entry says what happened in plain words,
from the row's category, action and detail, never the audit trail's own vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from reconnect.access.gate import EMERGENCY_PURPOSE
from reconnect.access.models import AccessEvent, Action, Category, Outcome
from reconnect.people.models import User

# Administration rows name the clinician by id (people/actions.py writes them).
_CARE_TEAM = re.compile(r"^(added|removed) clinician (\d+) (?:to|from) care team")
_NEW_ACCOUNT = re.compile(r"^added user \d+ as client")


def what(event: AccessEvent) -> str:
    """The part of the record, or the list, the entry is about ("the program's list of people")."""
    if event.category == Category.CASELOAD_SUMMARY:
        return event.detail or "a list"
    if event.category == Category.ADMINISTRATION and _CARE_TEAM.match(event.detail):
        return "care team"
    return event.get_category_display()


# The filter's names for the categories whose audit-trail label is the staff's own vocabulary.
FILTER_NAMES: dict[str, str] = {
    Category.CASELOAD: "lists of a clinician's clients",
    Category.CASELOAD_SUMMARY: "seen in lists",
    Category.SIGNALS: "alerts asking your care team to check in with you",
    Category.TIMELINE: "your whole timeline",
    Category.ACCESS_LOG: "this page (who saw your record)",
    Category.SHARED: "what you shared with others",
    Category.RECORD: "your whole record",
    Category.ADMINISTRATION: "changes to your account or care team",
    Category.SECURITY: "signing in and account safety",
}


def filter_choices() -> list[tuple[str, str]]:
    """The categories to filter by, in plain words ("Seen in lists"), each starting with a
    capital as a list of choices does."""
    named = [(value, FILTER_NAMES.get(value, label)) for value, label in Category.choices]
    return [(value, name[:1].upper() + name[1:]) for value, name in named]


def purpose(value: str) -> str:
    """The purpose as the client reads it: an emergency is said in plain words."""
    return "emergency" if value == EMERGENCY_PURPOSE else value


def sentence(event: AccessEvent, names: dict[int, str] | None = None) -> str:
    """What the person did, after their name: "opened your whole record in an emergency"."""
    said = _deed(event, names or {})
    if event.purpose == EMERGENCY_PURPOSE:
        return said if event.action == Action.EMERGENCY else f"{said} in an emergency"
    return f"{said}, for {event.purpose}" if event.purpose else said


def _deed(event: AccessEvent, names: dict[int, str]) -> str:
    part = what(event)
    if event.outcome == Outcome.DENIED:
        return f"tried to open your {part} and was refused"
    if event.category == Category.CASELOAD_SUMMARY:
        return f"saw you in {part}"
    if event.action == Action.EMERGENCY:
        return f"opened your {part} in an emergency"
    if event.category == Category.CONSENT and event.detail.startswith("accepted invitation"):
        return "accepted your invitation to be a supporter"
    if event.category == Category.ADMINISTRATION:
        return _administration(event.detail, names)
    if event.category == Category.MESSAGES and event.action == Action.CREATE:
        return "wrote to you in your messages"
    if event.category == Category.PEER_SUMMARY and event.action == Action.VIEW:
        # The peer scope in words (reconnect/access/gate.py PEER_SCOPE).
        return (
            "viewed your recovery-support summary: check-in counts (not what you wrote), "
            "circle names, recovery resources totals and appointments"
        )
    if event.category == Category.PEER_SUMMARY and event.action == Action.CHANGE:
        return "asked you to answer recovery resources (BARC-10)"
    if event.category == Category.GROUPS and event.detail:
        return f"saw your posts in {event.detail}"
    if event.category == Category.GROUPS and event.action == Action.CREATE:
        return "invited you to a peer group"
    return f"{event.get_action_display()} your {part}"


def _administration(detail: str, names: dict[int, str]) -> str:
    found = _CARE_TEAM.match(detail)
    if found:
        who = names.get(int(found.group(2)), "a clinician")
        if found.group(1) == "added":
            return f"added {who} to your care team"
        return f"removed {who} from your care team"
    if _NEW_ACCOUNT.match(detail):
        return "added you to the program"
    return "made an administrative change to your account"


def clinician_names(events: Iterable[AccessEvent]) -> dict[int, str]:
    """The names of the clinicians that care-team changes among these events name (one query)."""
    ids = {
        int(found.group(2))
        for e in events
        if e.category == Category.ADMINISTRATION and (found := _CARE_TEAM.match(e.detail))
    }
    if not ids:
        return {}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "display_name"))


def seen_in_list(seen: dict[str, Any]) -> str:
    """One grouped "Seen in lists" line, after the name: "saw you in their caseload 2 times
    at 09:36, for treatment"."""
    first = timezone.localtime(seen["first"]).strftime("%H:%M")
    last = timezone.localtime(seen["last"]).strftime("%H:%M")
    said = f"saw you in {seen['detail'] or 'a list'}"
    if seen["times"] == 1:
        said += f" at {first}"
    elif first == last:
        said += f" {seen['times']} times at {first}"
    else:
        said += f" {seen['times']} times, between {first} and {last}"
    value = seen["purpose"]
    if value == EMERGENCY_PURPOSE:
        return f"{said} in an emergency"
    return f"{said}, for {value}" if value else said
