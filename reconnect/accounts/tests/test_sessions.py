"""Session limits: idle sign-out by role, the absolute limit, and ending every session at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from freezegun import freeze_time

from conftest import PASSWORD
from reconnect.accounts.tests.test_sign_in import sign_in
from reconnect.people.backends import SIGN_IN_BACKEND, MemberBackend
from reconnect.people.models import Role, User

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def signed_in_at(user, when):
    http = HttpClient()
    with freeze_time(when):
        http.force_login(user, backend=SIGN_IN_BACKEND)
        sign_in(http, user.email)
    return http


def test_a_client_stays_signed_in_for_29_idle_minutes_and_is_signed_out_after_31(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START + dt.timedelta(minutes=29)):
        assert http.get(reverse("home:client_home")).status_code == 200
    with freeze_time(START + dt.timedelta(minutes=29 + 31)):
        response = http.get(reverse("home:client_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_staff_are_signed_out_after_15_idle_minutes(robin, signed_in):
    with freeze_time(START):
        http = signed_in(robin)
        assert http.get(reverse("radar:caseload")).status_code == 200
    with freeze_time(START + dt.timedelta(minutes=16)):
        assert http.get(reverse("radar:caseload")).status_code == 302


def test_activity_never_extends_a_session_past_12_hours(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START) as clock:
        for minutes in range(20, 12 * 60, 20):
            clock.move_to(START + dt.timedelta(minutes=minutes))
            assert http.get(reverse("home:client_home")).status_code == 200
        clock.move_to(START + dt.timedelta(hours=12, minutes=5))
        assert http.get(reverse("home:client_home")).status_code == 302


def test_idle_api_style_requests_get_401_not_a_redirect(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START + dt.timedelta(hours=1)):
        response = http.get(reverse("home:client_home"), headers={"HX-Request": "true"})
    assert response.status_code == 401


def test_signing_out_ends_every_session_of_that_person(casey):
    phone, laptop = HttpClient(), HttpClient()
    sign_in(phone, casey.email)
    sign_in(laptop, casey.email)
    response = phone.post(reverse("accounts:sign_out"))
    assert "cache" in response["Clear-Site-Data"]
    assert laptop.get(reverse("home:client_home")).status_code == 302


def test_sign_out_needs_a_post(casey):
    http = HttpClient()
    sign_in(http, casey.email)
    assert http.get(reverse("accounts:sign_out")).status_code == 405
    assert http.get(reverse("home:client_home")).status_code == 200


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(casey):
    here, elsewhere = HttpClient(), HttpClient()
    sign_in(here, casey.email)
    sign_in(elsewhere, casey.email)
    new = "a-fresh-long-passphrase-9"
    here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert here.get(reverse("home:client_home")).status_code == 200
    assert elsewhere.get(reverse("home:client_home")).status_code == 302


def test_disabling_an_account_ends_its_sessions(casey, morgan, signed_in):
    http = HttpClient()
    sign_in(http, casey.email)
    admin = signed_in(morgan)
    admin.post(reverse("accounts:person_disable", args=[casey.pk]))
    assert http.get(reverse("home:client_home")).status_code == 302
    assert sign_in(HttpClient(), casey.email).status_code == 200  # refused, form shown again


def test_the_keep_alive_resets_the_idle_clock(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START + dt.timedelta(minutes=25)):
        assert http.post(reverse("accounts:keep_alive")).status_code == 204
    with freeze_time(START + dt.timedelta(minutes=50)):
        assert http.get(reverse("home:client_home")).status_code == 200


def test_after_an_idle_sign_out_signing_in_again_returns_to_the_page_the_person_was_on(casey):
    http = signed_in_at(casey, START)
    plan = reverse("safety:my_plan")
    with freeze_time(START + dt.timedelta(minutes=31)):
        response = http.get(f"{plan}?version=2")
    sign_in_page = reverse("accounts:sign_in")
    assert response["Location"] == f"{sign_in_page}?next={plan}%3Fversion%3D2"
    with freeze_time(START + dt.timedelta(minutes=32)):
        again = http.post(response["Location"], {"username": casey.email, "password": PASSWORD})
    assert again.status_code == 302 and again["Location"] == f"{plan}?version=2"


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("/me/safety-plan/", "?next=/me/safety-plan/"),  # the idle timer in the browser
        ("", ""),
        ("/sign-in/", ""),
        ("/sign-in/?next=/sign-in/", ""),
        ("https://evil.example/", ""),
        ("//evil.example/", ""),
        ("/quick-exit/", ""),
    ],
)
def test_the_idle_timer_opening_the_sign_in_page_never_returns_to_the_sign_in_page(
    casey, next_page, expected
):
    http = signed_in_at(casey, START)
    sign_in_page = reverse("accounts:sign_in")
    with freeze_time(START + dt.timedelta(minutes=31)):
        response = http.get(sign_in_page, {"next": next_page} if next_page else {})
    assert response.status_code == 302
    assert response["Location"] == sign_in_page + expected
    assert "Clear-Site-Data" in response


def test_each_request_loads_the_person_with_their_role_and_program_in_one_query(
    robin, django_assert_num_queries
):
    with django_assert_num_queries(1):
        person = MemberBackend().get_user(robin.pk)
        assert person == robin
        assert person.role == Role.CLINICIAN and person.membership.program.name == "Test Program"


def test_a_disabled_person_or_one_without_a_program_role_is_loaded_as_before(robin, program):
    robin.is_active = False
    robin.save()
    assert MemberBackend().get_user(robin.pk) is None
    operator = User.objects.create_superuser(email="ops@example.org", password=PASSWORD)
    assert MemberBackend().get_user(operator.pk) == operator
    assert operator.role is None and MemberBackend().get_user(10**9) is None
