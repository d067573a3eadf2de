"""gunicorn's access log without secrets or personal data: the path only (no query string, no
referrer, no user agent), with link tokens (password reset, invitations, export downloads)
replaced by ":token". Loaded by config/gunicorn.conf.py; imports no Django."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %({x-request-id}o)s %(D)sus'
# A path segment that looks like a credential: long, with letters and digits mixed.
_TOKEN = re.compile(r"^(?=[^/]*\d)(?=[^/]*[A-Za-z])[A-Za-z0-9_:.~%=-]{16,}$")


def redact_path(path: str) -> str:
    """The path with every token-like segment replaced (ids and slugs stay)."""
    return "/".join(":token" if _TOKEN.match(part) else part for part in path.split("/"))


class AccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO") or "")
        atoms.update(
            U=path,
            r=f"{atoms['m']} {path} {atoms['H']}",
            q="-",
            f="-",
            a="-",
        )
        return atoms
