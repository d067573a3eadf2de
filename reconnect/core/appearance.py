"""How Reconnect presents itself on a device: its name, icons and web app manifest, plain or
discreet ("Journal", a plain notebook icon, neutral page titles) for a person whose phone may
be looked at by someone else.

The client's choice is kept with their contact choices (contact app); this device remembers it
in a cookie, so the sign-in page and an icon added to the home screen stay neutral while no one
is signed in. The cookie holds a flag only, nothing about the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Over HTTPS (production) with the `__Host-` prefix, like the session, CSRF and device cookies:
# the browser then takes it only from this exact host, over HTTPS, for the whole site.
DISCREET_COOKIE = (
    "__Host-reconnect-discreet" if settings.SESSION_COOKIE_SECURE else "reconnect_discreet"
)
# The name a device may still hold from before the prefix; read, and replaced when next set.
OLD_DISCREET_COOKIE = "reconnect_discreet"
DISCREET_COOKIES = frozenset({DISCREET_COOKIE, OLD_DISCREET_COOKIE})
DISCREET_COOKIE_DAYS = 400  # the longest a browser keeps a cookie


@dataclass(frozen=True)
class Look:
    name: str
    short_name: str
    description: str
    icon: str  # the file name stem under static/icons/
    theme_color: str


PLAIN = Look(
    name="Reconnect",
    short_name="Reconnect",
    description="Check-ins, your safety plan and your care team, in one place.",
    icon="reconnect",
    theme_color="#1f5f5b",
)
DISCREET = Look(
    name="Journal",
    short_name="Journal",
    description="A journal.",
    icon="journal",
    theme_color="#5f6b73",
)
BACKGROUND = "#fbfaf7"


def is_discreet(request: HttpRequest) -> bool:
    """The signed-in client's own choice where a middleware found it, else this device's."""
    chosen = getattr(request, "discreet", None)
    if chosen is not None:
        return bool(chosen)
    return device_is_discreet(request)


def device_is_discreet(request: HttpRequest) -> bool:
    """Whether this device remembers the discreet look (its flag cookie, either name)."""
    return any(request.COOKIES.get(name) == "1" for name in DISCREET_COOKIES)


def look(request: HttpRequest) -> Look:
    return DISCREET if is_discreet(request) else PLAIN


def manifest(current: Look, static_url: Any) -> dict[str, Any]:
    """The web app manifest (add to home screen) for this look; `static_url` maps a path under
    static/ to its URL."""
    icons = [
        {"src": static_url(f"icons/{current.icon}-{size}.png"), "sizes": f"{size}x{size}"}
        for size in (192, 512)
    ]
    return {
        "id": "/",
        "name": current.name,
        "short_name": current.short_name,
        "description": current.description,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": current.theme_color,
        "icons": [
            *({**icon, "type": "image/png", "purpose": "any"} for icon in icons),
            {**icons[-1], "type": "image/png", "purpose": "maskable"},
            {
                "src": static_url(f"icons/{current.icon}.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            },
        ],
    }
