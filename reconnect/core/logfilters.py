"""Blanking link tokens and API tokens, so no log holds a working sign-in, reset, invitation or
download link, or a way into the API.

One rule for the application's logs (the filter below) and gunicorn's access log
(reconnect/core/accesslog.py). It goes by route, not by what a token looks like: about one
`secrets.token_urlsafe` token in 1,700 has no digit and would pass for a word. Imports no Django.
"""

from __future__ import annotations

import logging
import re

REDACTED = ":token"
# A link may also be written percent-encoded, once or twice: the idle timer's sign-in link
# carries the page it came from as `?next=%2Faccount%2Femail%2F<token>%2F`, and a link inside
# that one as `%252F`. A slash is "/" or its encoded forms; a segment ends at a slash, white
# space, a quote, a query string, a fragment or the next parameter, written plainly or encoded.
# (No link token ever holds "%" or "&"; the signed ones hold ":", encoded "%3A".)
_SLASH = r"(?:/|%(?:25)?2[Ff])"
_STOP = r"(?:25)?(?:2[Ff]|3[Ff]|23|26)"  # after "%": an encoded slash, "?", "#" or "&"
_SEGMENT = rf"(?:[^/\s\"'<>?#&%]|%(?!{_STOP})(?:25)?[0-9A-Fa-f]{{2}})+"
_END = rf"(?:[/\s\"'<>?#&]|%{_STOP}|$)"
# The secret segment of each link route (reconnect/*/urls.py): invitations and finishing a
# join (supporters), export downloads (records), confirming a new email address, welcome and
# password-reset links (accounts).
# Each route's fixed words ("finish", Django's "set-password") are not secrets.
_LINK_TOKEN = re.compile(
    rf"({_SLASH}invite{_SLASH}(?:finish{_SLASH})?|{_SLASH}me{_SLASH}export{_SLASH}"
    rf"|{_SLASH}account{_SLASH}email{_SLASH}"
    rf"|{_SLASH}(?:welcome|password-reset){_SLASH}{_SEGMENT}{_SLASH})"
    rf"(?!(?:finish|set-password){_END})({_SEGMENT})"
)


# An API token has a prefix of its own (reconnect/people/models.py), so it is found by its
# look wherever it appears (a library logging a malformed Authorization header, say).
_API_TOKEN = re.compile(r"\brct_[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    """The text with the secret segment of every link, and every API token, replaced by
    ":token"."""
    return _API_TOKEN.sub(f"rct_{REDACTED}", _LINK_TOKEN.sub(rf"\1{REDACTED}", text))


class RedactLinkTokens(logging.Filter):
    """Rewrites each record's message with link tokens replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class OneLine(logging.Filter):
    """Drops a record's traceback (its message stays): for errors anyone can cause from outside,
    such as a request naming a host that is not ours, which would otherwise fill the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
