"""Words on account pages: plain password labels, and quick exit for supporters too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, page_text

pytestmark = pytest.mark.django_db


def test_the_password_change_form_uses_plain_labels(casey, signed_in):
    text = page_text(signed_in(casey).get(reverse("accounts:password_change")))
    for label in ("Current password", "New password", "Type the new password again"):
        assert f">{label}</label>" in text
    assert "Old password" not in text
    assert "Enter the same password as before" not in text


def test_two_new_passwords_that_differ_get_a_plain_message(casey, signed_in):
    response = signed_in(casey).post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-long-new-passphrase-1",
            "new_password2": "a-long-new-passphrase-2",
        },
    )
    assert "The two new passwords didn't match. Please type them again." in page_text(response)


@pytest.mark.parametrize("page", ["supporters:home", "supporters:guide", "accounts:account"])
def test_supporter_pages_offer_a_quick_exit(jo_supports_casey, jo, signed_in, page):
    text = page_text(signed_in(jo).get(reverse(page)))
    assert 'href="/quick-exit/"' in text and "Quick exit" in text


def test_staff_pages_do_not_offer_a_quick_exit(robin, signed_in):
    assert "Quick exit" not in page_text(signed_in(robin).get(reverse("radar:caseload")))
