"""Adding Reconnect to a home screen (the web app manifest, its icons, /favicon.ico), and the
discreet look a device keeps: "Journal", a plain icon, a neutral title on every page."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client as HttpClient
from django.urls import reverse

from reconnect.core.appearance import DISCREET_COOKIE

pytestmark = pytest.mark.django_db


def manifest(http: HttpClient) -> dict:
    response = http.get(reverse("core:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def discreet_device() -> HttpClient:
    http = HttpClient()
    http.cookies[DISCREET_COOKIE] = "1"
    return http


def test_the_manifest_lets_anyone_add_reconnect_to_their_home_screen():
    found = manifest(HttpClient())
    assert found["name"] == "Reconnect" and found["start_url"] == "/"
    assert found["display"] == "standalone" and found["scope"] == "/"
    sizes = {icon["sizes"] for icon in found["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in found["icons"])


def test_every_icon_the_manifest_names_exists():
    for found in (manifest(HttpClient()), manifest(discreet_device())):
        for icon in found["icons"]:
            path = icon["src"].removeprefix("/static/")
            assert finders.find(path), icon["src"]


def test_a_discreet_device_gets_a_neutral_name_and_icon():
    found = manifest(discreet_device())
    assert found["name"] == "Journal" and found["short_name"] == "Journal"
    assert all("journal" in icon["src"] for icon in found["icons"])
    assert "Reconnect" not in json.dumps(found) and "recovery" not in json.dumps(found).lower()


@pytest.mark.parametrize(
    ("device", "icon"), [(HttpClient, "reconnect"), (discreet_device, "journal")]
)
def test_favicon_ico_is_served_for_each_look(device, icon):
    response = device().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content == open(finders.find(f"icons/{icon}.ico"), "rb").read()  # noqa: SIM115


def test_every_page_links_the_manifest_and_its_icons():
    html = HttpClient().get(reverse("accounts:sign_in")).content.decode()
    assert f'<link rel="manifest" href="{reverse("core:manifest")}">' in html
    assert "icons/reconnect.svg" in html and "icons/reconnect-180.png" in html


def test_on_a_discreet_device_the_sign_in_page_says_journal_only():
    html = discreet_device().get(reverse("accounts:sign_in")).content.decode()
    assert "<title>Journal</title>" in html
    assert '<a class="brand"' in html and ">Journal</a>" in html
    assert "icons/journal.svg" in html and "Reconnect" not in html.split("</head>")[0]


@pytest.mark.parametrize("path", ["/manifest.webmanifest", "/favicon.ico"])
def test_the_manifest_and_the_icon_answer_head_as_well_as_get(path):
    """Browsers and proxies check these with HEAD; only a write is refused."""
    http = HttpClient()
    assert http.head(path).status_code == 200
    assert http.get(path).status_code == 200
    assert http.post(path).status_code == 405


def test_a_device_that_kept_the_flag_under_its_old_name_stays_discreet():
    http = HttpClient()
    http.cookies["reconnect_discreet"] = "1"
    html = http.get(reverse("accounts:sign_in")).content.decode()
    assert "<title>Journal</title>" in html
