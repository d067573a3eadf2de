"""The phone's outbox: check-ins kept by the service worker while offline (static/js/sw.js).

The outbox lives in the browser's storage, which every end of a session clears
(Clear-Site-Data), so a check-in still waiting there is lost with it. The page keeps a flag
cookie (a flag only, never the content) while the outbox holds something; the answer that ends
a session reads it, and the next page says kindly that the check-in could not be sent. Each
sending from the outbox carries a header with how many are left after it: that sending is not
the person's activity (it does not hold off the idle sign-out), and the last one clears the flag.
"""

from __future__ import annotations

from django.conf import settings

# Set by the page's script (so not HttpOnly), `__Host-` over HTTPS like every other cookie.
OUTBOX_COOKIE = "__Host-reconnect-outbox" if settings.SESSION_COOKIE_SECURE else "reconnect-outbox"
OUTBOX_HEADER = "X-Reconnect-Outbox"  # on each sending from the outbox: how many are left
NOT_SENT = (
    "A check-in saved on this phone could not be sent after you were signed out. "
    "You can check in again."
)
