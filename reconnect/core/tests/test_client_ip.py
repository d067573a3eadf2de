"""The client's address: X-Forwarded-For only through the trusted proxies, never otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from reconnect.core.network import client_ip, trusted_proxies


def _ip(settings, trusted: str, remote: str, forwarded: str | None = None) -> str:
    settings.RECONNECT_TRUSTED_PROXIES = trusted
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    assert _ip(settings, "0", "203.0.113.5", "198.51.100.1") == "203.0.113.5"
    assert _ip(settings, "", "203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_a_count_of_proxies_takes_the_address_the_outermost_one_appended(settings):
    assert _ip(settings, "1", "10.0.0.2", "forged, 198.51.100.1") == "198.51.100.1"
    assert _ip(settings, "2", "10.0.0.2", "forged, 198.51.100.1, 10.0.0.9") == "198.51.100.1"
    assert _ip(settings, "1", "10.0.0.2") == "10.0.0.2"  # no header: the proxy itself
    assert _ip(settings, "1", "10.0.0.2", "not-an-address") == "10.0.0.2"


def test_trusted_networks_are_skipped_from_the_right(settings):
    trusted = "10.0.0.0/8, 192.168.1.5/32"
    assert _ip(settings, trusted, "10.0.0.2", "forged, 198.51.100.1, 192.168.1.5") == (
        "198.51.100.1"
    )
    # Not from a trusted proxy: the header is the sender's own words.
    assert _ip(settings, trusted, "203.0.113.9", "198.51.100.1") == "203.0.113.9"
    # A garbled entry ends the trust: nothing to its left is believed.
    assert _ip(settings, trusted, "10.0.0.2", "198.51.100.1, garbage") == "10.0.0.2"


def test_ports_and_ipv6_forms_are_understood(settings):
    assert _ip(settings, "1", "10.0.0.2", "198.51.100.1:5123") == "198.51.100.1"
    assert _ip(settings, "1", "10.0.0.2", "[2001:db8::1]:443") == "2001:db8::1"
    assert _ip(settings, "::1/128", "::1", "2001:db8::7") == "2001:db8::7"


def test_a_setting_that_is_neither_a_count_nor_networks_is_refused():
    with pytest.raises(ImproperlyConfigured):
        trusted_proxies("the usual proxy")
