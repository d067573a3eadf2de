"""A logging filter that blanks link tokens, so no log holds a working sign-in or reset link."""

from __future__ import annotations

import logging
import re

# A path segment that looks like a credential: 16 or more characters mixing letters and digits
# (reset and welcome tokens, invitation links, download tokens). Ids and words stay readable.
_SEGMENT = r"[^/\s\"'?#]"
_TOKEN = re.compile(
    rf"(?<=/)(?={_SEGMENT}*\d)(?={_SEGMENT}*[A-Za-z])[\w:.~%=-]{{16,}}(?=[/\s\"'?#]|$)"
)
REDACTED = ":token"


def redact(text: str) -> str:
    return _TOKEN.sub(REDACTED, text)


class RedactLinkTokens(logging.Filter):
    """Rewrites each record's message with link tokens replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
