"""A loopback fake of the provider's Messages REST API, and the provider's webhook signatures.

The real twilio library talks to it (TWILIO_API_BASE points there), so what is asserted here is
what would have left the machine: every POST to /2010-04-01/Accounts/<sid>/Messages.json,
with its form fields, answered as the provider answers (201 and a message resource, or an
error document with the provider's code).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 30 + "42"
AUTH_TOKEN = "fake-auth-token-for-tests-0123456789"  # noqa: S105 (a test fake's)
FROM_NUMBER = "+12025550100"
PUBLIC_URL = "https://reconnect.example.org"
MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")


@dataclass
class FakeTwilio:
    """What the fake received, and how it should answer the next texts."""

    base: str = ""
    texts: list[dict[str, str]] = field(default_factory=list)
    refused: list[tuple[int, int]] = field(default_factory=list)  # (http status, error code)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse_next(self, code: int, status: int = 400) -> None:
        self.refused.append((status, code))

    def to(self, number: str) -> list[dict[str, str]]:
        return [t for t in self.texts if t["To"] == number]


def start(fake: FakeTwilio) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            match = MESSAGES.match(self.path)
            if match is None or match["sid"] != ACCOUNT_SID:
                return self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
            expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            with fake.lock:
                fake.texts.append(form)
                refusal = fake.refused.pop(0) if fake.refused else None
            if refusal is not None:
                status, code = refusal
                return self._answer(status, {"code": code, "message": "Refused", "status": status})
            sid = "SM" + secrets.token_hex(16)
            resource = {
                "sid": sid,
                "account_sid": ACCOUNT_SID,
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            }
            form["sid"] = sid
            self._answer(201, resource)

        def _answer(self, status: int, document: dict[str, object]) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll, so that shutting it down after each test takes milliseconds, not half a second.
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    return server


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature the provider would send with these POST parameters to `url`."""
    return RequestValidator(token).compute_signature(url, params)
