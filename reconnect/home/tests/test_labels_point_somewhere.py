"""Every label and description a screen reader follows points to something on the page: each
aria-describedby, aria-labelledby and label `for` names an id the page has."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from reconnect.radar.actions import record_session

pytestmark = pytest.mark.django_db
REFERENCES = ("aria-describedby", "aria-labelledby", "for")


class References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.wanted: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERENCES and value:
                self.wanted += [(tag, name, ref) for ref in value.split()]


def pointing_nowhere(html: str) -> list[str]:
    found = References()
    found.feed(html)
    return [f"<{tag} {name}> -> #{ref}" for tag, name, ref in found.wanted if ref not in found.ids]


@pytest.fixture
def next_session(casey, robin):
    soon = timezone.now() + dt.timedelta(days=2)
    return record_session(client=casey.client, clinician=robin, planned_at=soon, place="Room 2")


def test_the_appointment_notes_description_is_on_the_clients_home(casey, signed_in, next_session):
    html = signed_in(casey).get(reverse("home:client_home")).content.decode()
    assert 'aria-describedby="id_note_helptext"' in html
    assert pointing_nowhere(html) == []


@pytest.mark.parametrize(
    "page", ["contact:mine", "journal:checkin_new", "accounts:account", "consent:sharing"]
)
def test_a_clients_forms_describe_their_fields_with_text_that_is_there(casey, signed_in, page):
    assert pointing_nowhere(signed_in(casey).get(reverse(page)).content.decode()) == []


def test_the_session_form_groups_its_note_kinds_and_describes_them(casey, robin, signed_in):
    url = reverse("radar:sessions", args=[casey.client.pk])
    html = signed_in(robin).get(url).content.decode()
    assert pointing_nowhere(html) == []
    start = html.index("<legend>What kind of note</legend>")
    group = html[html.rindex("<fieldset", 0, start) : html.index("</fieldset>", start)]
    assert 'aria-describedby="id_note_kind_helptext"' in group  # the help text, read with it
    assert group.count('type="radio"') == 2 and group.count('class="checkbox"') == 2
