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
            reverse("home:person_new"),
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
    assert len(mailoutbox) == 1 and "/welcome/" in mailoutbox[0].body


def test_a_bad_email_or_a_duplicate_gets_a_message_naming_the_field_and_changes_nothing(
    morgan, casey, signed_in
):
    http = signed_in(morgan)
    before = User.objects.count()
    for email, message in [("not-an-email", "valid email"), (casey.email, "already has")]:
        response = http.post(
            reverse("home:person_new"),
            {"display_name": "X", "email": email, "role": Role.CLINICIAN},
        )
        assert response.status_code == 400
        assert message in page_text(response)
    assert User.objects.count() == before


def test_an_admin_changes_a_care_team(morgan, casey, robin, sam, signed_in):
    http = signed_in(morgan)
    url = reverse("accounts:care_team", args=[casey.client.pk])
    http.post(url, {"clinician": sam.pk})
    http.post(url, {"remove": robin.pk})
    assert list(casey.client.care_team.values_list("clinician", flat=True)) == [sam.pk]


def test_an_admin_sets_up_supervision(morgan, pat, sam, signed_in):
    signed_in(morgan).post(
        reverse("accounts:supervision_add"), {"supervisor": pat.pk, "clinician": sam.pk}
    )
    assert Supervision.objects.filter(supervisor=pat, clinician=sam).exists()


def test_an_admin_cannot_open_a_clients_clinical_page(morgan, casey, signed_in):
    response = signed_in(morgan).get(reverse("home:client_detail", args=[casey.client.pk]))
    assert response.status_code == 404


def test_an_unknown_client_id_answers_404_not_500(morgan, signed_in):
    assert signed_in(morgan).get(reverse("accounts:care_team", args=[987654])).status_code == 404


def test_the_program_page_runs_a_fixed_number_of_queries(
    morgan, robin, signed_in, django_assert_max_num_queries
):
    from reconnect.accounts import actions

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
        http.get(reverse("accounts:program"))
    for i in range(3, 15):
        actions.add_person(
            program=morgan.membership.program,
            email=f"c{i}@example.org",
            display_name=f"C {i}",
            role=Role.CLIENT,
            clinician=robin,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(reverse("accounts:program"))


def _joins(http, client, clinician, capture) -> None:
    with capture(execute=True):
        http.post(reverse("accounts:care_team", args=[client.pk]), {"clinician": clinician.pk})


def test_a_clinician_joining_a_care_team_is_told_to_the_client_and_their_supervisor(
    morgan, casey, sam, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    from reconnect.accounts import actions

    supervisor = actions.add_person(
        program=morgan.membership.program,
        email="riley@example.org",
        display_name="Riley Example",
        role=Role.SUPERVISOR,
    )
    actions.assign_supervisor(supervisor=supervisor, clinician=sam)
    _joins(signed_in(morgan), casey.client, sam, django_capture_on_commit_callbacks)
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    to_client = by_recipient[(casey.email,)]
    assert to_client.subject == "Sam Example joined your care team"
    assert "Who saw my record" in to_client.body
    to_supervisor = by_recipient[(supervisor.email,)]
    assert "added by Morgan Example" in to_supervisor.body
    assert "has no supervisor" not in to_supervisor.body
    assert casey.display_name not in to_supervisor.subject + to_supervisor.body


def test_a_clinician_with_no_supervisor_is_told_to_the_care_teams_supervisor_instead(
    morgan, casey, pat, sam, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    _joins(signed_in(morgan), casey.client, sam, django_capture_on_commit_callbacks)
    oversight = [m for m in mailoutbox if m.to == [pat.email]]
    assert len(oversight) == 1
    assert "Sam Example has no supervisor in Reconnect yet" in " ".join(oversight[0].body.split())


def test_with_no_supervisor_anywhere_the_other_admins_are_told_but_not_the_one_who_did_it(
    morgan, casey, sam, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    from reconnect.accounts import actions

    other = actions.add_person(
        program=morgan.membership.program,
        email="quinn@example.org",
        display_name="Quinn Example",
        role=Role.ADMIN,
    )
    _joins(signed_in(morgan), casey.client, sam, django_capture_on_commit_callbacks)
    recipients = sorted(email for m in mailoutbox for email in m.to)
    assert recipients == sorted([casey.email, other.email])


def test_the_join_stays_on_the_clients_home_after_the_clinician_leaves_again(
    morgan, casey, sam, signed_in, django_capture_on_commit_callbacks
):
    admin = signed_in(morgan)
    _joins(admin, casey.client, sam, django_capture_on_commit_callbacks)
    admin.post(reverse("accounts:care_team", args=[casey.client.pk]), {"remove": sam.pk})
    text = page_text(signed_in(casey).get(reverse("home:client_home")))
    assert "Sam Example</strong> (clinician, sam@example.org) joined your care team" in text


def test_adding_an_existing_member_again_tells_nobody(
    morgan, casey, robin, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    _joins(signed_in(morgan), casey.client, robin, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_an_admin_sends_a_new_welcome_link_only_to_someone_who_never_signed_in(
    morgan, casey, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    from reconnect.accounts import actions

    new = actions.add_person(
        program=morgan.membership.program,
        email="new@example.org",
        display_name="New Example",
        role=Role.CLINICIAN,
    )
    http = signed_in(morgan)
    assert "Send a new welcome link" in page_text(http.get(reverse("accounts:program")))
    assert http.post(reverse("accounts:welcome_resend", args=[new.pk])).status_code == 302
    assert len(mailoutbox) == 1 and "/welcome/" in mailoutbox[0].body
    signed_in(casey)  # signing in spends any welcome link, and there is nothing to resend
    assert http.post(reverse("accounts:welcome_resend", args=[casey.pk])).status_code == 404
    assert len(mailoutbox) == 1


def test_oversight_always_includes_the_other_admins_and_the_clinicians_supervisors(
    morgan, casey, robin, pat, sam
):
    from reconnect.accounts import actions
    from reconnect.accounts.notices import oversight_for

    quinn = actions.add_person(
        program=morgan.membership.program,
        email="quinn@example.org",
        display_name="Quinn Example",
        role=Role.ADMIN,
    )
    assert oversight_for(casey.client, sam, added_by=morgan) == sorted([pat.email, quinn.email])
    assert oversight_for(casey.client, robin, added_by=quinn) == sorted([pat.email, morgan.email])


def test_a_second_staff_member_with_the_same_name_is_refused_but_a_client_may_share_it(
    morgan, robin
):
    from reconnect.accounts import actions

    program = morgan.membership.program
    with pytest.raises(ValueError, match="already has a staff member"):
        actions.add_person(
            program=program, email="r2@example.org", display_name="ROBIN  example", role="admin"
        )
    client = actions.add_person(
        program=program, email="r3@example.org", display_name="Robin Example", role=Role.CLIENT
    )
    assert client.display_name == "Robin Example"


def test_a_supervision_set_up_again_tells_nobody_twice(
    morgan, casey, robin, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    http = signed_in(morgan)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            reverse("accounts:supervision_add"), {"supervisor": pat.pk, "clinician": robin.pk}
        )
    assert mailoutbox == []
    assert not casey.client.care_team_notices.filter(kind="supervises").exists()
