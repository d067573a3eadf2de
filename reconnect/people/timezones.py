"""Each person's time zone: which one applies to them, and the middleware that shows every time,
"today", week and day in it.

A person's own choice wins; else their program's; else the server's (settings.TIME_ZONE). The
middleware activates it for each signed-in request, so Django's `date` and `time` filters,
`timezone.localdate()` and `timezone.localtime()` all answer in the viewer's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from zoneinfo import available_timezones

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from reconnect.people.models import Client, Program, User

# Offered first in the lists: the zones a US program's people most often live in, then a few
# others. Any other IANA name (Europe/Lisbon) is accepted too.
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("America/New_York", "Eastern time (New York)"),
    ("America/Chicago", "Central time (Chicago)"),
    ("America/Denver", "Mountain time (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Los_Angeles", "Pacific time (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic time (Puerto Rico)"),
    ("America/Halifax", "Atlantic time (Halifax)"),
    ("America/Toronto", "Eastern time (Toronto)"),
    ("America/Vancouver", "Pacific time (Vancouver)"),
    ("America/Mexico_City", "Mexico City"),
    ("Europe/London", "London"),
    ("Europe/Berlin", "Central Europe (Berlin)"),
    ("Asia/Kolkata", "India (Kolkata)"),
    ("Australia/Sydney", "Sydney"),
    ("Pacific/Auckland", "New Zealand (Auckland)"),
    ("UTC", "UTC"),
)
UNKNOWN_ZONE = "We don't know a time zone called “{name}”. Please choose one from the list."


# On the system's list but not places: "localtime" is whatever this server's clock is set to,
# "Factory" a placeholder whose abbreviation reads "-00".
NOT_PLACES = frozenset({"localtime", "Factory"})


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_PLACES


def is_known(name: str) -> bool:
    """An IANA time zone name this server knows ("America/New_York")."""
    return name in _known()


def label(name: str) -> str:
    """How a zone is named in lists and sentences ("Eastern time (New York)")."""
    return dict(COMMON_ZONES).get(name) or name.replace("_", " ")


def choices(current: str = "", default_label: str = "") -> list[tuple[str, str]]:
    """The zones to offer: "" (the program's, when `default_label` says which), the common ones,
    and the current choice where it is not among them."""
    offered = list(COMMON_ZONES)
    if current and current not in dict(offered):
        offered.insert(0, (current, label(current)))
    return ([("", default_label)] if default_label else []) + offered


def chosen_zone(own: str, program: str) -> str:
    """The zone a person's own choice gives, else their program's setting, else the server's
    (either choice may be "" or a name this server does not know)."""
    for zone in (own, program):
        if zone and is_known(zone):
            return zone
    return settings.TIME_ZONE


def program_zone(program: Program | None) -> str:
    """The program's time zone, else the server's."""
    return chosen_zone("", program.time_zone if program is not None else "")


def zone_name_for(user: User) -> str:
    """The time zone this person sees everything in (their program is looked up only when
    they chose none: this runs on every signed-in request)."""
    if user.time_zone and is_known(user.time_zone):
        return user.time_zone
    membership = user.membership
    return program_zone(membership.program if membership else None)


def client_zone_name(client: Client) -> str:
    """A client's time zone, from the client record (select_related("user", "program") keeps a
    loop over many clients to one query)."""
    return chosen_zone(client.user.time_zone, client.program.time_zone)


def client_zones(client_ids: Iterable[int]) -> dict[int, str]:
    """Each client's time zone, in one query."""
    rows = Client.objects.filter(pk__in=list(client_ids)).values_list(
        "pk", "user__time_zone", "program__time_zone"
    )
    return {pk: chosen_zone(own, program) for pk, own, program in rows}


class TimeZoneMiddleware:
    """Show every page in the signed-in person's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            timezone.activate(zone_name_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
