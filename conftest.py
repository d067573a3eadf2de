"""Personas shared by all tests.

casey (client, on robin's care team), robin (her clinician), sam (a clinician without her),
lee (sam's client), pat (supervisor of robin), morgan (program admin), jo (Casey's supporter).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.people import actions
from reconnect.people.models import Program, Role, User

PASSWORD = "a-long-calm-passphrase-42"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 stays the production hasher (tested separately); tests hash quickly.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def program(db) -> Program:
    return Program.objects.create(name="Test Program")


def _person(program: Program, name: str, role: str, clinician: User | None = None) -> User:
    return actions.add_person(
        program=program,
        email=f"{name.lower()}@example.org",
        display_name=f"{name} Example",
        role=role,
        password=PASSWORD,
        clinician=clinician,
    )


@pytest.fixture
def robin(program) -> User:
    return _person(program, "Robin", Role.CLINICIAN)


@pytest.fixture
def sam(program) -> User:
    return _person(program, "Sam", Role.CLINICIAN)


@pytest.fixture
def casey(program, robin) -> User:
    return _person(program, "Casey", Role.CLIENT, clinician=robin)


@pytest.fixture
def lee(program, sam) -> User:
    return _person(program, "Lee", Role.CLIENT, clinician=sam)


@pytest.fixture
def pat(program, robin) -> User:
    user = _person(program, "Pat", Role.SUPERVISOR)
    actions.assign_supervisor(supervisor=user, clinician=robin)
    return user


@pytest.fixture
def morgan(program) -> User:
    return _person(program, "Morgan", Role.ADMIN)


@pytest.fixture
def jo(program) -> User:
    return _person(program, "Jo", Role.SUPPORTER)


@pytest.fixture
def everyone(casey, robin, sam, lee, pat, morgan, jo) -> dict[str, User]:
    return {
        "casey": casey,
        "robin": robin,
        "sam": sam,
        "lee": lee,
        "pat": pat,
        "morgan": morgan,
        "jo": jo,
    }


def verify_second_factor(http: HttpClient, user: User) -> None:
    """Mark a signed-in test session as having passed two-factor sign-in."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
    session = http.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def signed_in() -> Callable[[User], HttpClient]:
    """A browser-like test client signed in as the person (staff with two-factor done)."""

    def make(user: User, *, second_factor: bool = True) -> HttpClient:
        http = HttpClient()
        http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if second_factor and user.is_program_staff:
            verify_second_factor(http, user)
        return http

    return make


def page_text(response) -> str:
    """A response body with HTML entities decoded, for reading like a person would."""
    import html

    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """The words a person reads on the page: tags removed, whitespace collapsed."""
    import re

    body = page_text(response)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split()).replace(" ,", ",").replace(" .", ".")


def run_reconnect(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    """Run `reconnect ARGS` in a child process with the SQLite default unless env says otherwise."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    environment = (
        env if env is not None else {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "reconnect.cli", *args],
        cwd=Path(__file__).resolve().parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def jo_supports_casey(casey, jo):
    """Jo accepted Casey's invitation (nothing shared yet)."""
    from reconnect.supporters import actions as supporters

    _, raw = supporters.invite(client=casey.client, name="Jo")
    return supporters.accept(raw=raw, supporter=jo)


def share(client_user: User, recipient: User | None, categories: list[str], **changes):
    """Sign a valid consent from this client to this person (tests change one element)."""
    import datetime as dt

    from django.utils import timezone

    from reconnect.consent.actions import sign_consent

    fields = {
        "client": client_user.client,
        "recipient_kind": "clinician"
        if recipient is not None and recipient.role == Role.CLINICIAN
        else "supporter",
        "recipient": recipient,
        "categories": categories,
        "purpose": "To support my recovery",
        "expires_on": timezone.localdate() + dt.timedelta(days=30),
        "signature": client_user.display_name,
        "understood_revocation": True,
    }
    fields.update(changes)
    return sign_consent(**fields)


def pytest_sessionstart(session) -> None:  # noqa: ANN001
    from django.urls import get_resolver

    from proof.scorecard import start_run

    start_run()
    # The API's schemas are built when the routes are first loaded; loaded under freeze_time,
    # pydantic would meet freezegun's fake datetime class. Load them before any test runs.
    get_resolver().url_patterns  # noqa: B018


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    from proof.scorecard import merge, table

    card = merge()
    if card:
        terminalreporter.section("scorecard (var/scorecard.json)")
        terminalreporter.write_line(table(card))
