"""Blanking link tokens, so no log holds a working sign-in, reset, invitation or download link.

One rule for the application's logs (the filter below) and gunicorn's access log
(reconnect/core/accesslog.py). It goes by route, not by what a token looks like: about one
`secrets.token_urlsafe` token in 1,700 has no digit and would pass for a word. Imports no Django.
"""

from __future__ import annotations

import logging
import re

REDACTED = ":token"
# One path segment, ended by a slash, white space, a quote, a query string or a fragment.
_SEGMENT = r"[^/\s\"'<>?#]+"
_END = r"(?:[/\s\"'<>?#]|$)"
# The secret segment of each link route (reconnect/*/urls.py): invitations and finishing a
# join (supporters), export downloads (records), welcome and password-reset links (people).
# Each route's fixed words ("finish", Django's "set-password") are not secrets.
_LINK_TOKEN = re.compile(
    rf"(/invite/(?:finish/)?|/me/export/|/(?:welcome|password-reset)/{_SEGMENT}/)"
    rf"(?!(?:finish|set-password){_END})({_SEGMENT})"
)


def redact(text: str) -> str:
    """The text with the secret segment of every link replaced by ":token"."""
    return _LINK_TOKEN.sub(rf"\1{REDACTED}", text)


class RedactLinkTokens(logging.Filter):
    """Rewrites each record's message with link tokens replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
