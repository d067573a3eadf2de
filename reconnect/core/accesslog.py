"""gunicorn's access log without secrets or personal data: the path only (no query string, no
referrer, no user agent), with link tokens (password reset, invitations, export downloads)
replaced by ":token". Loaded by config/gunicorn.conf.py; imports no Django."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

from reconnect.core.logfilters import redact

FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %({x-request-id}o)s %(D)sus'


def redact_path(path: str) -> str:
    """The path with the token of every link route replaced (ids and slugs stay)."""
    return redact(path)


# Left as they are in a logged path: what an address writes plainly (RFC 3986's unreserved and
# sub-delimiter characters, ":", "@" and "/").
PLAIN = "/:@!$&'()*+,;=-._~"


def logged_path(path: str) -> str:
    """The path as the access log writes it: redacted, then percent-encoded as the address it
    came in (PATH_INFO holds one character per byte; a wider one is written as its UTF-8
    bytes), so a line break, a NUL or a "%" the address encoded is written encoded: one request
    is always one line, nobody can write a line of their own into the log, and a reader
    decodes the path the client sent."""
    sent = b"".join(c.encode("latin-1") if ord(c) < 256 else c.encode() for c in redact_path(path))
    return quote(sent, safe=PLAIN)


# gunicorn ships no type information, so its Logger is Any to mypy.
class AccessLogger(Logger):  # type: ignore[misc]
    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = logged_path(environ.get("PATH_INFO") or "")
        atoms.update(
            U=path,
            r=f"{atoms['m']} {path} {atoms['H']}",
            q="-",
            f="-",
            a="-",
        )
        return atoms
