"""gunicorn's access log without secrets or personal data: the path only (no query string, no
referrer, no user agent), with link tokens (password reset, invitations, export downloads)
replaced by ":token". Loaded by config/gunicorn.conf.py; imports no Django."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from reconnect.core.logfilters import redact

FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %({x-request-id}o)s %(D)sus'


def redact_path(path: str) -> str:
    """The path with the token of every link route replaced (ids and slugs stay)."""
    return redact(path)


def logged_path(path: str) -> str:
    """The path as the access log writes it: redacted, and each character that is not printable
    (a line break, a NUL sent percent-encoded) written encoded again, so one request is always
    one line and nobody can write a line of their own into the log."""
    return "".join(c if c.isprintable() else f"%{ord(c):02X}" for c in redact_path(path))


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
