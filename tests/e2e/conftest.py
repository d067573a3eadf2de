"""A real Reconnect server with the demo program, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from conftest import run_reconnect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_postgres(url: str, suffix: str = "e2e") -> str:
    """A new, empty database beside the one DATABASE_URL names, for a server under test."""
    import psycopg

    parts = urlparse(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    var_dir = tmp_path_factory.mktemp("e2e-var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        RECONNECT_ENV="development",
        DEBUG="0",
        RECONNECT_VAR_DIR=str(var_dir),
        RECONNECT_DEMO="1",
        PYTHONUNBUFFERED="1",
    )
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = _fresh_postgres(os.environ["DATABASE_URL"])
    return env


def reconnect(env: dict[str, str], *args: str) -> str:
    result = run_reconnect(*args, env=env, timeout=300)
    result.check_returncode()
    return result.stdout


@pytest.fixture(scope="session")
def base_url(server_env, tmp_path_factory) -> Iterator[str]:
    reconnect(server_env, "migrate", "--noinput")
    reconnect(server_env, "seed_demo")
    port = _free_port()
    log = (tmp_path_factory.mktemp("e2e-log") / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/crisis/", timeout=2)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("The test server did not start") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, base_url):
    """A fresh, phone-sized browser context (360 px wide)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 780})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
