"""Personas shared by all tests.

casey (client, on robin's care team), robin (her clinician), sam (a clinician without her),
lee (sam's client), pat (supervisor of robin), morgan (program admin), jo (Casey's supporter),
park (a peer recovery specialist on Casey's care team).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable

import freezegun
import hypothesis
import pytest
from django.test import Client as HttpClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.accounts import actions
from reconnect.people.models import Program, Role, User
from tests import children, profile
from tests.children import run_reconnect, run_reconnect_batch  # noqa: F401 (tests import them)

pytest_plugins = ["tests.side_by_side"]

PASSWORD = "a-long-calm-passphrase-42"

# The full profile (tests/profile.py) tries every Hypothesis example; the quick one tries fewer
# wherever a test names no count, and a quarter of a large count a test names (profile.examples).
hypothesis.settings.register_profile("full")
hypothesis.settings.register_profile("quick", max_examples=25)
hypothesis.settings.load_profile("full" if profile.FULL else "quick")
# A frozen clock (freezegun) must not stop pytest's own, or --durations reports decades. Nor is it
# patched into the big libraries that never read the clock for Reconnect: each freeze looks at
# every loaded module, and these are half of them.
freezegun.configure(
    extend_ignore_list=[
        *("_pytest", "execnet", "pluggy", "xdist"),
        *("anyio", "hypothesis", "joblib", "narwhals", "numpy", "pydantic", "pydantic_core"),
        *("pygments", "rich", "schemathesis", "scipy", "sklearn"),
        *("charset_normalizer", "phonenumbers", "requests", "sqlparse", "urllib3"),
        *("greenlet", "importlib", "playwright", "pyee", "yaml"),
    ]
)


# A test run makes millions of short-lived objects (requests, querysets, rendered pages) and few
# reference cycles: a young collection every 50,000 allocations, not CPython's 700, takes about a
# tenth off the suite's CPU time. What is loaded before the first test is never scanned again.
gc.set_threshold(50_000)


def pytest_collection_finish(session) -> None:
    gc.collect()
    gc.freeze()


# Argon2 stays the production hasher (tested separately); tests hash quickly.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


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
def park(program, casey) -> User:
    """Park Example, a peer recovery specialist (lived experience; facilitates groups) on
    Casey's care team, with the narrower peer scope."""
    user = _person(program, "Park", Role.PEER)
    actions.assign_clinician(client=casey.client, clinician=user)
    return user


@pytest.fixture
def everyone(casey, robin, sam, lee, pat, morgan, jo, park) -> dict[str, User]:
    return {
        "casey": casey,
        "robin": robin,
        "sam": sam,
        "lee": lee,
        "pat": pat,
        "morgan": morgan,
        "jo": jo,
        "park": park,
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
        http.force_login(user, backend="reconnect.people.backends.MemberBackend")
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


if os.environ.get("RECONNECT_TEST_DB_CACHE"):

    @pytest.fixture(scope="session")
    def django_db_setup(request, django_test_environment, django_db_blocker):
        """pytest-django's, with the migrated SQLite database kept between runs (`make check`)."""
        from pytest_django.fixtures import _get_databases_for_setup

        from tests import database_cache

        aliases, serialized = _get_databases_for_setup(request.session.items)
        with django_db_blocker.unblock():
            teardown = database_cache.set_up(
                verbosity=0, interactive=False, aliases=aliases, serialized_aliases=serialized
            )
        yield
        with django_db_blocker.unblock():
            teardown()


def pytest_configure(config) -> None:
    # The run's folders, made before any xdist worker starts (they inherit them): one for child
    # processes' databases (tests.children), one for the scorecard's figures (`make test` names
    # one that its two sessions share; a lone session gets its own).
    import tempfile

    from proof.scorecard import PARTS_ENV

    if hasattr(config, "workerinput"):
        return
    config._run_folder = children.start_run()
    if not os.environ.get(PARTS_ENV):
        os.environ[PARTS_ENV] = config._scorecard_parts = tempfile.mkdtemp(prefix="scorecard-")


def pytest_sessionstart(session) -> None:
    from django.urls import get_resolver

    # The API's schemas are built when the routes are first loaded; loaded under freeze_time,
    # pydantic would meet freezegun's fake datetime class. Load them before any test runs.
    get_resolver().url_patterns  # noqa: B018


def pytest_runtest_logreport(report) -> None:
    if "reliability" in report.keywords:
        _run["proofs"] = True


_run = {"proofs": False}


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Only a run that includes the live-server proofs writes var/scorecard.json and prints it."""
    from proof.scorecard import merge, table, write

    if hasattr(config, "workerinput") or not _run["proofs"]:
        return
    card = write(merge())
    terminalreporter.section("scorecard (var/scorecard.json)")
    terminalreporter.write_line(table(card))


def pytest_unconfigure(config) -> None:
    import shutil

    if hasattr(config, "_run_folder"):
        children.end_run(config._run_folder)
    if hasattr(config, "_scorecard_parts"):
        shutil.rmtree(config._scorecard_parts, ignore_errors=True)
