"""A small keep-alive JSON client for the harnesses (standard library only)."""

from __future__ import annotations

import http.client
import json
import socket
import time
from typing import Any
from urllib.parse import urlparse


class Api:
    """One connection per user thread; reconnects after a failure."""

    def __init__(self, base_url: str, token: str, timeout: float = 30) -> None:
        parts = urlparse(base_url)
        if parts.hostname is None:
            raise ValueError(f"no host in {base_url!r}")
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, bytes, float]:
        """Status (0 when the connection failed), body, and seconds taken."""
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.connect()
                # Small requests must not wait for delayed ACKs (Nagle's algorithm).
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            payload = json.dumps(body).encode() if body is not None else None
            self.conn.request(method, path, body=payload, headers=self.headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data, time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, b"", time.perf_counter() - started

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
