"""The program page lists staff only; care teams say who is already on them; the welcome email
greets the person by name and names the program."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import page_text
from reconnect.people.models import CareTeamMember, Role

pytestmark = pytest.mark.django_db


def _staff_table(text: str) -> str:
    return re.search(r'<section aria-labelledby="staff-h">.*?</section>', text, re.S).group(0)


def test_the_staff_table_lists_clinicians_supervisors_and_admins_but_not_supporters(
    morgan, robin, pat, jo, signed_in
):
    staff = _staff_table(page_text(signed_in(morgan).get(reverse("accounts:program"))))
    for person in (morgan, robin, pat):
        assert person.display_name in staff
    assert jo.display_name not in staff
    assert reverse("accounts:person_disable", args=[jo.pk]) not in staff


def test_the_care_team_choice_offers_only_clinicians_not_on_it_yet(
    morgan, casey, robin, sam, signed_in
):
    text = page_text(signed_in(morgan).get(reverse("accounts:care_team", args=[casey.client.pk])))
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', text)
    assert options == [("", "Choose a clinician"), (str(sam.pk), sam.display_name)]
    assert "---------" not in text


@pytest.mark.parametrize("others_in_program", [True, False])
def test_adding_someone_already_on_the_care_team_says_so_and_changes_nothing(
    morgan, casey, robin, signed_in, request, others_in_program
):
    if others_in_program:
        request.getfixturevalue("sam")
    http = signed_in(morgan)
    url = reverse("accounts:care_team", args=[casey.client.pk])
    response = http.post(url, {"clinician": robin.pk}, follow=True)
    text = page_text(response)
    assert f"{robin.display_name} is already on the care team." in text
    assert "The care team is updated." not in text
    assert CareTeamMember.objects.filter(client=casey.client).count() == 1


def test_adding_a_clinician_names_who_joined(morgan, casey, sam, signed_in):
    url = reverse("accounts:care_team", args=[casey.client.pk])
    response = signed_in(morgan).post(url, {"clinician": sam.pk}, follow=True)
    assert f"{sam.display_name} joined the care team." in page_text(response)


def test_when_every_clinician_is_on_the_team_the_page_says_so(morgan, casey, signed_in):
    text = page_text(signed_in(morgan).get(reverse("accounts:care_team", args=[casey.client.pk])))
    assert "Every clinician in the program is already on this care team." in text
    assert "Add to care team" not in text


def test_the_welcome_email_greets_staff_by_name_and_names_the_program(
    morgan, program, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(morgan).post(
            reverse("home:person_new"),
            {"display_name": "Dee O'Neill", "email": "dee@example.org", "role": Role.CLINICIAN},
        )
    body = mailoutbox[0].body
    assert body.startswith("Hello Dee O'Neill,\n")
    assert program.name in body
    assert "two-factor" in body
