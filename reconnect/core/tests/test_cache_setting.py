"""RECONNECT_CACHE names the default cache every server process shares."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import _cache


def test_each_cache_name_gives_its_django_backend():
    assert _cache("locmem")["BACKEND"].endswith("LocMemCache")
    assert _cache("database") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "reconnect_cache",
    }
    assert _cache("file:/var/cache/reconnect")["LOCATION"] == "/var/cache/reconnect"


@pytest.mark.parametrize("spec", ["redis", "file:", "Database"])
def test_an_unknown_cache_stops_the_start_with_a_message_naming_the_choices(spec):
    with pytest.raises(ImproperlyConfigured, match="locmem, database or file:/path"):
        _cache(spec)
