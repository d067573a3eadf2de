"""Program admins add people, form care teams and supervision, and never see clinical content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import page_text
from reconnect.people.models import CareTeamMember, Role, Supervision, User

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_client_on_a_clinicians_caseload_and_they_get_a_welcome_email(
    morgan, robin, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    http = signed_in(morgan)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            reverse("people:person_new"),
            {
                "display_name": "Avery New",
                "email": "Avery@Example.org",
                "role": Role.CLIENT,
                "clinician": robin.pk,
            },
        )
    assert response.status_code == 302
    avery = User.objects.get(email="avery@example.org")
    assert avery.role == Role.CLIENT
    assert CareTeamMember.objects.filter(client=avery.client, clinician=robin).exists()
    assert len(mailoutbox) == 1 and "/password-reset/" in mailoutbox[0].body


def test_a_bad_email_or_a_duplicate_gets_a_message_naming_the_field_and_changes_nothing(
    morgan, casey, signed_in
):
    http = signed_in(morgan)
    before = User.objects.count()
    for email, message in [("not-an-email", "valid email"), (casey.email, "already has")]:
        response = http.post(
            reverse("people:person_new"),
            {"display_name": "X", "email": email, "role": Role.CLINICIAN},
        )
        assert response.status_code == 200
        assert message in page_text(response)
    assert User.objects.count() == before


def test_an_admin_changes_a_care_team(morgan, casey, robin, sam, signed_in):
    http = signed_in(morgan)
    url = reverse("people:care_team", args=[casey.client.pk])
    http.post(url, {"clinician": sam.pk})
    http.post(url, {"remove": robin.pk})
    assert list(casey.client.care_team.values_list("clinician", flat=True)) == [sam.pk]


def test_an_admin_sets_up_supervision(morgan, pat, sam, signed_in):
    signed_in(morgan).post(
        reverse("people:supervision_add"), {"supervisor": pat.pk, "clinician": sam.pk}
    )
    assert Supervision.objects.filter(supervisor=pat, clinician=sam).exists()


def test_an_admin_cannot_open_a_clients_clinical_page(morgan, casey, signed_in):
    response = signed_in(morgan).get(reverse("people:client_detail", args=[casey.client.pk]))
    assert response.status_code == 404


def test_an_unknown_client_id_answers_404_not_500(morgan, signed_in):
    assert signed_in(morgan).get(reverse("people:care_team", args=[987654])).status_code == 404


def test_the_program_page_runs_a_fixed_number_of_queries(
    morgan, robin, signed_in, django_assert_max_num_queries
):
    from reconnect.people import actions

    http = signed_in(morgan)
    for i in range(3):
        actions.add_person(
            program=morgan.membership.program,
            email=f"c{i}@example.org",
            display_name=f"C {i}",
            role=Role.CLIENT,
            clinician=robin,
        )
    with django_assert_max_num_queries(20) as few:
        http.get(reverse("people:program"))
    for i in range(3, 15):
        actions.add_person(
            program=morgan.membership.program,
            email=f"c{i}@example.org",
            display_name=f"C {i}",
            role=Role.CLIENT,
            clinician=robin,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(reverse("people:program"))
