"""Template context every page needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from reconnect.core import appearance
from reconnect.core.outbox import OUTBOX_COOKIE


def site(request: HttpRequest) -> dict[str, Any]:
    """Program name, the app's name on this device (plain or discreet), the idle sign-out
    timing for the warning, and where Quick exit leads."""
    user = getattr(request, "user", None)
    idle_minutes = settings.CLIENT_IDLE_MINUTES
    role = None
    second_step_pending = False
    if user is not None and user.is_authenticated:
        role = user.role
        if user.is_program_staff:
            idle_minutes = settings.STAFF_IDLE_MINUTES
            # Until the two-factor code is confirmed, the menu offers only signing out.
            is_verified = getattr(user, "is_verified", None)
            second_step_pending = is_verified is not None and not is_verified()
    look = appearance.look(request)
    return {
        "program_name": settings.RECONNECT["PROGRAM_NAME"],
        "app_name": look.name,
        "discreet": look is appearance.DISCREET,
        "quick_exit_url": settings.RECONNECT["QUICK_EXIT_URL"],
        "idle_seconds": idle_minutes * 60,
        "idle_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        "role": role,
        "second_step_pending": second_step_pending,
        "outbox_cookie": OUTBOX_COOKIE,
    }
