"""Production settings: refuse a weak secret, pass `check --deploy` with no warnings, and give
every cookie the __Host- prefix."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import freezegun
import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.utils import timezone

from conftest import run_reconnect, run_reconnect_batch
from proof.scorecard import record_figure

STRONG_KEY = "k3y-" + "9f8e7d6c5b4a3210" * 4
FIELD_KEYS = "k1:" + "A" * 43


def production_environment(**env: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.setdefault("RECONNECT_FIELD_KEYS", FIELD_KEYS)
    environment.update(RECONNECT_ENV="production", **env)
    return environment


def shell(code: str) -> list[str]:
    return ["shell", "--no-imports", "-c", code]


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict[str, subprocess.CompletedProcess[str]]:
    """What production settings give, each command as a script sees it; one child process
    starts Django once for them all (conftest.run_reconnect_batch)."""
    commands = {
        "deploy": ["check", "--deploy", "--fail-level", "WARNING"],
        "cookies": shell(
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_NAME,"
            " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
        ),
        "device_cookies": shell(
            "from reconnect.core.appearance import DISCREET_COOKIE;"
            "from reconnect.people.devices import DEVICE_COOKIE;"
            "print(DEVICE_COOKIE, DISCREET_COOKIE)"
        ),
    }
    env = production_environment(
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="reconnect.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        RECONNECT_VAR_DIR=str(tmp_path_factory.mktemp("production")),
    )
    return dict(zip(commands, run_reconnect_batch(*commands.values(), env=env), strict=True))


def test_production_passes_check_deploy_with_no_warnings(production):
    result = production["deploy"]
    record_figure("7_check_deploy", warnings=0 if "no issues" in result.stdout else 1)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_passes_at_the_very_time_a_default_time_of_day_names():
    """A default time of day (care team hours, reminders) is made when asked for: a fixed one
    makes Django's check warn (fields.W161) for ten seconds around it each day, and the deploy
    check, which fails on a warning, would then refuse a production start."""
    defaults = {
        field.get_default()
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TimeField) and field.has_default()
    }
    assert dt.time(9) in defaults
    for at in defaults:
        moment = dt.datetime.combine(timezone.localdate(), at) + dt.timedelta(seconds=5)
        with freezegun.freeze_time(timezone.make_aware(moment)):
            warned = [
                i
                for i in checks.run_checks(tags=[checks.Tags.models])
                if i.is_serious(checks.WARNING)
            ]
        assert not warned, (at, warned)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "short",
        "development-only-secret-key-never-use-in-production-0123456789abcdef",
        "django-insecure-" + "x" * 50,
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret, tmp_path):
    env = production_environment(SECRET_KEY=secret, RECONNECT_VAR_DIR=str(tmp_path))
    result = run_reconnect("check", env=env)
    assert result.returncode != 0
    assert "real SECRET_KEY" in result.stderr


def test_production_cookies_are_host_prefixed_and_secure(production):
    assert production["cookies"].stdout.split() == [
        "__Host-sessionid",
        "True",
        "__Host-csrftoken",
        "31536000",
        "True",
        "False",
    ]


def test_in_production_the_device_and_discreet_cookies_are_host_prefixed_like_the_others(
    production,
):
    names = production["device_cookies"].stdout.split()
    assert len(names) == 2, production["device_cookies"].stderr
    assert all(name.startswith("__Host-") for name in names), names


@pytest.mark.django_db
def test_a_form_sent_without_its_token_gets_a_calm_page_with_crisis_support_and_no_change():
    from django.test import Client as HttpClient

    from reconnect.people.models import User

    users = User.objects.count()
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post("/sign-in/", {"username": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "That form had expired, so nothing was saved" in page
    assert 'href="/crisis/"' in page and "Quick exit" in page
    assert "CSRF" not in page
    assert User.objects.count() == users


def test_a_host_that_is_not_ours_is_logged_on_one_line_without_a_traceback(client, caplog):
    response = client.get("/sign-in/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(refused) == 1 and refused[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_errors_show_a_calm_page_without_internals(client, settings, rf):
    from reconnect.core.views import server_error

    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "find that page" in response.content.decode()
    crashed = server_error(rf.get("/somewhere/"))
    assert crashed.status_code == 500
    assert "Traceback" not in crashed.content.decode()
    assert "Nothing you did caused this" in crashed.content.decode()
    api = server_error(rf.get("/api/v1/me"))
    assert api["Content-Type"] == "application/json"
