"""The fixed words of texts and emails: short, never free text, discreet when asked."""

from __future__ import annotations

import pytest

from reconnect.core.language import check_language
from reconnect.notifications import wording
from reconnect.notifications.models import OutboundText

LONG_PROGRAM = "P" * 160  # the longest program name
LINK = "https://reconnect.example.org/"
# Words that would tell someone looking over a shoulder what the texts are about.
REVEALING = ("care team", "therapy", "clinic", "recovery", "check in", "appointment", "counsel",
             "treatment", "mental", "substance")  # fmt: skip


@pytest.mark.parametrize("name", sorted(wording.TEXTS))
def test_every_text_fits_the_column_with_the_longest_program_name_and_a_link(name):
    body = wording.text_body(
        name, discreet=False, program=LONG_PROGRAM, link=LINK, when="Fri 4 Dec, 10:00"
    )
    assert len(body) <= OutboundText._meta.get_field("body").max_length


@pytest.mark.parametrize("name", sorted(wording.TEXTS))
def test_a_discreet_text_names_no_program_and_no_clinical_word(name):
    body = wording.text_body(name, discreet=True, program="Harbor Recovery", link=LINK, when="Fri")
    assert "Harbor" not in body and LINK not in body
    assert [w for w in REVEALING if w in body.lower()] == []


@pytest.mark.parametrize("name", sorted(wording.TEXTS))
@pytest.mark.parametrize("discreet", [True, False])
def test_every_text_passes_the_language_check(name, discreet):
    body = wording.text_body(name, discreet=discreet, program="Program", link=LINK, when="Fri")
    assert check_language(body) == []


def test_an_empty_link_leaves_no_gap():
    body = wording.text_body("new_message", discreet=False, program="Program", link="")
    assert "  " not in body and body.endswith("Sign in to read it. Reply STOP to stop texts.")


def test_when_is_a_short_time_never_free_text():
    with pytest.raises(ValueError, match="never free text"):
        wording.text_body("appointment_reminder", discreet=False, program="P", when="x" * 41)


def test_a_discreet_email_says_only_that_there_is_something_to_see():
    email = wording.client_email(discreet=True, program="Harbor Recovery", link=LINK)
    assert "Harbor" not in email.subject + email.body
    assert [w for w in REVEALING if w in (email.subject + email.body).lower()] == []


def test_the_worried_reply_uses_the_clinical_reference_words():
    body = wording.text_body("inbound_worrying", discreet=False, program="P", link=LINK)
    assert body.startswith(
        "It sounds like things may be really hard right now. If you are in danger, call 911. "
        "You can call or text 988 any time, day or night, or text HOME to 741741."
    )
