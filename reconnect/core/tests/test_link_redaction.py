"""Link tokens never reach a log, whatever the token looks like: the application's logs and
gunicorn's access log blank the secret segment of each link route with one shared rule."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reconnect.core.accesslog import redact_path
from reconnect.core.logfilters import redact

# A real secrets.token_urlsafe(32) shape with no digit at all (about one token in 1,700).
NO_DIGIT = "ZqrTmKvXpLnBcWhYsDfGjQeRtUiOpAaSdFgHjKlZxCv"
ROUTES = [
    ("supporters:invitation", [NO_DIGIT]),
    ("supporters:finish_joining", [NO_DIGIT]),
    ("records:download", [NO_DIGIT]),
    ("accounts:email_confirm", ["eyJ1IjoxLCJlIjoiYUBiLmMifQ:1tXyZa:" + NO_DIGIT[:27]]),
    ("accounts:welcome", ["MQ", "cuvwxy-" + NO_DIGIT[:32]]),
    ("accounts:password_reset_confirm", ["MQ", "cuvwxy-" + NO_DIGIT[:32]]),
]


def _token_routes(resolver=None, namespace: str = "") -> list[str]:
    """Every route name whose pattern takes a `token`."""
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += _token_routes(entry, inner)
        elif isinstance(entry, URLPattern) and "token" in entry.pattern.converters:
            names.append(f"{namespace}{entry.name}")
    return names


@pytest.mark.parametrize(("name", "args"), ROUTES)
def test_a_token_without_a_digit_is_blanked_in_both_logs(name, args):
    path = reverse(name, args=args)
    secret = args[-1]
    expected = path.replace(secret, ":token")
    assert redact_path(path) == expected
    assert redact_path(path.rstrip("/")) == expected.rstrip("/")
    for line in (
        f'"GET {path} HTTP/1.1" 200 512',
        f"Internal Server Error: {path}",
        f"emailed https://clinic.example.org{path}?x=1 to the supporter",
    ):
        cleaned = redact(line)
        assert secret not in cleaned and cleaned.count(":token") == 1


def test_every_route_that_takes_a_token_is_covered():
    assert sorted(_token_routes()) == sorted(name for name, _ in ROUTES)


@pytest.mark.parametrize(
    "path",
    [
        "/invite/finish/",
        "/me/export/",
        "/me/sharing/invite/",
        "/password-reset/",
        "/password-reset/sent/",
        "/password-reset/MQ/set-password/",
        "/clients/12/timeline/",
        "/program/radar-fairness/",
        "/me/questionnaires/phq9/",
        "/me/tools/urge-surfing/",
        "/team/signals/",
    ],
)
def test_ordinary_paths_and_words_stay_readable(path):
    assert redact_path(path) == path
    assert redact(f"GET {path} answered quickly") == f"GET {path} answered quickly"


@pytest.mark.parametrize(("name", "args"), ROUTES)
def test_a_token_inside_an_encoded_next_link_is_blanked_too(name, args):
    """The idle timer sends a person to `/sign-in/?next=<the page, percent-encoded>`, as
    JavaScript's encodeURIComponent writes it; a link inside that link is encoded twice."""
    from urllib.parse import quote

    path = reverse(name, args=args)
    secret = args[-1]
    once = quote(path, safe="-_.!~*'()")  # encodeURIComponent
    twice = quote(f"/sign-in/?next={once}", safe="-_.!~*'()")
    for line in (
        f'"GET /sign-in/?next={once} HTTP/1.1" 302 0',
        f"Bad Request: /sign-in/?next={once}&from=idle",
        f"Bad Request: /sign-in/?next={once.lower()}",
        f"Forbidden: /crisis/?back={twice}",
        f"https://clinic.example.org/sign-in/?next={once.removesuffix('%2F')}",
    ):
        cleaned = redact(line)
        assert quote(secret, safe="") not in cleaned and quote(secret) not in cleaned, line
        assert secret not in cleaned and secret.lower() not in cleaned.lower(), line
        assert cleaned.count(":token") == 1, line
    assert redact_path(f"/sign-in/?next={once}").count(":token") == 1


def test_the_words_after_an_encoded_token_stay_readable():
    line = "GET /sign-in/?next=%2Fme%2Fexport%2FAbc-123_x%2F&lang=en answered quickly"
    assert redact(line) == (
        "GET /sign-in/?next=%2Fme%2Fexport%2F:token%2F&lang=en answered quickly"
    )
    assert redact("/sign-in/?next=%2Finvite%2Ffinish%2F") == "/sign-in/?next=%2Finvite%2Ffinish%2F"
    assert redact("/sign-in/?next=%2Fme%2Fcheck-in%2F") == "/sign-in/?next=%2Fme%2Fcheck-in%2F"


def test_an_api_token_is_blanked_wherever_it_appears_in_a_log():
    line = "Unexpected auth - 'Token rct_vIuorQ-x_9ZqrTmKvXpLnBc' from 127.0.0.1"
    assert redact(line) == "Unexpected auth - 'Token rct_:token' from 127.0.0.1"
