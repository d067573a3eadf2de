"""Every page the browser tests open, checked by the Nu HTML Checker (vnu) in one run at the end.

The server's own HTML of each page (the document response, before any script runs) is kept as
the browser receives it; at the end of the session the checker reads them all in one Java start.
`make test` installs the checker (the Makefile's `vnu` target) and Java when missing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

VNU_JAR = Path(sys.prefix) / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The per-request tokens, so that a page seen twice with nothing else changed is checked once.
_TOKENS = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def missing_checker() -> str | None:
    """Why the checker cannot run here, or None when Java and vnu.jar are both installed."""
    if shutil.which("java") is None:
        return "Java is missing (`make test` installs default-jre-headless)"
    if not VNU_JAR.exists():
        return f"the Nu HTML Checker is missing at {VNU_JAR} (`make vnu` installs it)"
    return None


@dataclass
class Visited:
    url: str
    status: int
    test: str


@dataclass
class HtmlPages:
    """The HTML documents the server sent to the browser, one file each, named in order."""

    folder: Path
    base_url: str
    test: str = ""
    pages: dict[str, Visited] = field(default_factory=dict)
    _seen: set[bytes] = field(default_factory=set)

    def watch(self, context) -> None:
        """Keep every page this browser context receives from the server."""
        context.on("response", self._keep)

    def _keep(self, response) -> None:
        from playwright.sync_api import Error

        if response.request.resource_type != "document" or not response.url.startswith(
            self.base_url
        ):
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            body = response.body()
        except Error:  # the page was left before its body could be read
            return
        digest = hashlib.sha256(_TOKENS.sub(rb"\1", body)).digest()
        if digest in self._seen:
            return
        self._seen.add(digest)
        name = f"{len(self.pages):05d}.html"
        (self.folder / name).write_bytes(body)
        path = urlparse(response.url)
        shown = path.path + (f"?{path.query}" if path.query else "")
        self.pages[name] = Visited(shown, response.status, self.test)

    def errors(self) -> list[str]:
        """The checker's errors, each naming the page, the test that opened it, the line and
        the HTML around it; empty when every page is valid."""
        if not self.pages:
            return []
        names = sorted(self.pages)
        # One short run: the quick compiler alone halves the checker's CPU time here, and its
        # schema needs a deeper stack than Java's default then.
        java = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]
        result = subprocess.run(
            [*java, "--errors-only", "--format", "json", *names],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        try:
            messages = json.loads(result.stderr)["messages"]
        except (ValueError, KeyError):
            return [f"the checker gave no JSON (exit {result.returncode}):", result.stderr]
        found = []
        for message in messages:
            page = self.pages.get(message.get("url", "").rsplit("/", 1)[-1])
            where = f"{page.status} {page.url} (opened by {page.test})" if page else "?"
            extract = " ".join(message.get("extract", "").split())
            found.append(
                f"{where} line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"
            )
        return found
