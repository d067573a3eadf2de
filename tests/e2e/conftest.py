"""A real Reconnect server with the demo program, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run_reconnect
from proof.server import Server, environment
from tests.children import migrated_into
from tests.e2e.html_check import HtmlPages, missing_checker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server_env(tmp_path_factory) -> dict[str, str]:
    var_dir = tmp_path_factory.mktemp("e2e-var")
    return {
        **environment(var_dir, os.environ.get("DATABASE_URL"), "e2e"),
        "RECONNECT_DEMO": "1",
        # Emails land as files the tests can open, as a person opens their inbox.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(var_dir / "mail"),
    }


def reconnect(env: dict[str, str], *args: str) -> str:
    result = run_reconnect(*args, env=env, timeout=300)
    result.check_returncode()
    return result.stdout


@pytest.fixture(scope="session")
def base_url(server_env, tmp_path_factory) -> Iterator[str]:
    migrated_into(server_env)
    reconnect(server_env, "seed_demo")
    with Server(server_env, tmp_path_factory.mktemp("e2e-log") / "server.log") as server:
        yield server.url


@pytest.fixture(scope="session")
def html_pages(base_url, tmp_path_factory) -> Iterator[HtmlPages | None]:
    """The pages every browser test opens; at the end, all checked by the Nu HTML Checker in
    one run, which fails the session on any error. Without Java or the checker the check is
    skipped on a developer's machine, and fails under CI."""
    missing = missing_checker()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"The HTML check cannot run: {missing}")
    pages = None if missing else HtmlPages(tmp_path_factory.mktemp("e2e-html"), base_url)
    yield pages
    if pages is None:
        pytest.skip(f"The HTML check of the pages visited did not run: {missing}")
    errors = pages.errors()
    if errors:
        pytest.fail(
            f"The Nu HTML Checker found {len(errors)} errors in the {len(pages.pages)} pages "
            "the browser tests opened:\n" + "\n".join(errors),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _name_the_pages_opened(request) -> None:
    """Each page kept for the HTML check names the test that opened it."""
    if "browser" in request.fixturenames:
        pages = request.getfixturevalue("html_pages")
        if pages is not None:
            pages.test = request.node.nodeid


@pytest.fixture(scope="session")
def browser(html_pages) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        # Playwright turns the back-forward cache off; a phone has it on, and Back after Quick
        # exit must not bring a record back from it.
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            ignore_default_args=["--disable-back-forward-cache"],
        )
        if html_pages is not None:
            chromium.on("context", html_pages.watch)
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
