"""A real Reconnect server on loopback (gunicorn, 2 workers) that can be SIGKILLed and restarted."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from proof.tokens import DemoTokens

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_postgres(url: str, suffix: str) -> str:
    """A new, empty database beside the one `url` names."""
    import psycopg

    parts = urlparse(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def environment(var_dir: Path, database_url: str | None, suffix: str) -> dict[str, str]:
    """Settings for a server under test: its own var dir, and its own PostgreSQL database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        RECONNECT_ENV="development",
        DEBUG="0",
        RECONNECT_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = fresh_postgres(database_url, suffix)
    return env


def reconnect(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "reconnect.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return result.stdout


def migrate(env: dict[str, str]) -> None:
    reconnect(env, "migrate", "--noinput")


def prepare(
    env: dict[str, str], migrated: Callable[[dict[str, str]], None] = migrate
) -> DemoTokens:
    """Migrate (or have `migrated` give the database what migrating makes), seed the demo
    program and make API tokens for its people."""
    migrated(env)
    reconnect(env, "seed_demo")
    return demo_tokens(env)


def demo_tokens(env: dict[str, str]) -> DemoTokens:
    """API tokens for the demo program's people (proof.tokens)."""
    out = subprocess.run(
        [sys.executable, "-m", "proof.tokens"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    tokens: DemoTokens = json.loads(out.stdout)
    return tokens


class Server:
    """gunicorn in its own process group, so a SIGKILL takes every worker at once."""

    def __init__(
        self, env: dict[str, str], log_path: Path, workers: int = 2, extra: tuple[str, ...] = ()
    ) -> None:
        self.env, self.log_path, self.workers, self.extra = env, log_path, workers, extra
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--access-logformat",
                '%(h)s "%(r)s" %(s)s %(b)s %({x-request-id}o)s %(D)sus',
                "--graceful-timeout",
                "5",
                "--keep-alive",
                "5",
                "--limit-request-line",  # as production (config/gunicorn.conf.py)
                "8190",
                *self.extra,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/crisis/", timeout=2)  # noqa: S310
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.kill()
                    raise RuntimeError(f"the server did not start; see {self.log_path}") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the whole process group: master and workers, no cleanup."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def server_timings(log_path: Path, marker: str) -> list[float]:
    """Milliseconds the server spent on each logged request whose line contains `marker`."""
    timings = []
    for line in log_path.read_text(errors="replace").splitlines():
        if marker in line and line.endswith("us"):
            timings.append(int(line.rsplit(" ", 1)[1][:-2]) / 1000)
    return timings
