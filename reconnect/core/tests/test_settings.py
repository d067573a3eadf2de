"""Production settings: refuse a weak secret, pass `check --deploy` with no warnings."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import run_reconnect as run_command
from proof.scorecard import record_figure

STRONG_KEY = "k3y-" + "9f8e7d6c5b4a3210" * 4
FIELD_KEYS = "k1:" + "A" * 43


def run_reconnect(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.setdefault("RECONNECT_FIELD_KEYS", FIELD_KEYS)
    environment.update(env)
    return run_command(*args, env=environment)


def test_production_passes_check_deploy_with_no_warnings(tmp_path):
    result = run_reconnect(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        RECONNECT_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="reconnect.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        RECONNECT_VAR_DIR=str(tmp_path),
    )
    record_figure("7_check_deploy", warnings=0 if "no issues" in result.stdout else 1)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
    result = run_reconnect(
        "check", RECONNECT_ENV="production", SECRET_KEY=secret, RECONNECT_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "real SECRET_KEY" in result.stderr


def test_production_cookies_are_host_prefixed_and_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_NAME,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
    )
    result = run_reconnect(
        "shell",
        "--no-imports",
        "-c",
        code,
        RECONNECT_ENV="production",
        SECRET_KEY=STRONG_KEY,
        RECONNECT_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "True",
        "__Host-csrftoken",
        "31536000",
        "True",
        "False",
    ]


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
