"""Attacks by insiders with a privileged role (issue items 6 and 10).

A caseload or team list shows each client's flags, scores and cravings, so it must leave one
access row per client shown, or an insider investigation and the client's "Who saw my record"
miss it. A program admin must not be able to give themself clinical access unseen: a clinician
joining a care team is told to the client and to clinical oversight, a welcome link works once
within 24 hours and only its owner enrols the second factor, and no link reaches a log.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from conftest import PASSWORD, page_text, run_reconnect, visible_text
from proof.scorecard import record_figure
from reconnect.access.audit import chain_in_order, verify_chain
from reconnect.access.models import AccessEvent, Category
from reconnect.accounts import actions
from reconnect.core.checks import no_console_email_in_production
from reconnect.measures.actions import record_response
from reconnect.people.models import CareTeamMember, Role, User
from reconnect.radar.refresh import refresh_signals

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-new-passphrase-2026"
DANA = {"display_name": "Dana Lee", "email": "dana@admin-controlled.example", "role": "clinician"}


def _attack(name: str, attempts: int, successes: int) -> None:
    record_figure("8_attack_suite", cases=attempts, successes=successes, **{name: attempts})


@pytest.fixture
def casey_has_an_urgent_signal(casey):
    record_response(
        client=casey.client, instrument="phq9", answers=[1] * 8 + [2], client_request_id="u1"
    )
    refresh_signals([casey.client.pk])


LISTS = [
    ("robin", "radar:caseload", False),
    ("robin", "api:caseload", True),
    ("robin", "api:list_clients", True),
    ("pat", "home:team", False),
    ("pat", "radar:team_signals", False),
    ("morgan", "accounts:program", False),
]


@pytest.mark.parametrize(("persona", "route", "api"), LISTS)
def test_a_list_that_shows_a_client_writes_an_access_row_for_that_client(
    everyone, signed_in, casey_has_an_urgent_signal, persona, route, api
):
    viewer, casey = everyone[persona], everyone["casey"]
    http = signed_in(viewer)
    extra = {}
    if api:
        _, raw = actions.create_api_token(user=viewer, name="lists")
        extra = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = http.get(reverse(route), **extra)
    assert response.status_code == 200
    assert casey.display_name in response.content.decode()
    rows = AccessEvent.objects.filter(client_id=casey.client.pk, actor_id=viewer.pk)
    _attack("caseload_summary_unaudited", 1, int(not rows.exists()))
    assert rows.get().category == Category.CASELOAD_SUMMARY


def test_a_caseload_of_forty_is_audited_in_one_insert_and_the_chain_still_verifies(
    program, robin, signed_in
):
    for i in range(40):
        actions.add_person(
            program=program,
            email=f"c{i}@example.org",
            display_name=f"Client {i}",
            role=Role.CLIENT,
            clinician=robin,
        )
    http = signed_in(robin)
    http.get(reverse("radar:caseload"))
    with CaptureQueriesContext(connection) as captured:
        assert http.get(reverse("radar:caseload")).status_code == 200
    inserts = [q for q in captured.captured_queries if "INSERT INTO" in q["sql"].upper()]
    audit_inserts = [q for q in inserts if "access_accessevent" in q["sql"]]
    summaries = AccessEvent.objects.filter(category=Category.CASELOAD_SUMMARY)
    _attack("caseload_rows_unaudited", 40, 80 - summaries.count())
    assert summaries.count() == 80
    assert len(audit_inserts) == 1
    assert verify_chain(chain_in_order()) == []
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("audit trail intact")


def _admin_adds_a_clinician(http: HttpClient, mailoutbox, capture) -> User:
    with capture(execute=True):
        response = http.post(
            reverse("home:person_new"),
            {
                "display_name": "Dana Lee",
                "email": "dana@admin-controlled.example",
                "role": "clinician",
            },
        )
    assert response.status_code == 302
    return User.objects.get(email="dana@admin-controlled.example")


def test_an_admin_putting_a_new_clinician_on_a_care_team_is_told_to_the_client_and_oversight(
    morgan, casey, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin = signed_in(morgan)
    dana = _admin_adds_a_clinician(admin, mailoutbox, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("accounts:care_team", args=[casey.client.pk]), {"clinician": dana.pk})
    assert CareTeamMember.objects.filter(client=casey.client, clinician=dana).exists()
    to_client = [m for m in mailoutbox if m.to == [casey.email]]
    to_oversight = [m for m in mailoutbox if pat.email in m.to]
    home = visible_text(signed_in(casey).get(reverse("home:client_home")))
    told = [
        bool(to_client) and to_client[0].subject == "Dana Lee joined your care team",
        bool(to_oversight) and "Dana Lee joined a client's care team" in to_oversight[0].subject,
        "Dana Lee (clinician, dana@admin-controlled.example) joined your care team" in home,
    ]
    _attack("silent_care_team_join", 3, told.count(False))
    assert told == [True, True, True]
    assert casey.display_name not in to_oversight[0].body  # no client name in the email


def test_the_welcome_link_works_once_within_24_hours_and_staff_enrol_their_own_authenticator(
    morgan, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin = signed_in(morgan)
    with freeze_time(timezone.now()) as clock:
        dana = _admin_adds_a_clinician(admin, mailoutbox, django_capture_on_commit_callbacks)
        assert not TOTPDevice.objects.filter(user=dana).exists()
        link = next(line for line in mailoutbox[-1].body.splitlines() if "://" in line)
        path = link.split("testserver", 1)[1]
        clock.tick(dt.timedelta(hours=25))
        late = HttpClient().get(path, follow=True)
        clock.tick(dt.timedelta(hours=-24))
        http = HttpClient()
        form = http.get(path, follow=True)
        done = http.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        again = HttpClient().get(path, follow=True)
    outcomes = [
        "expired" in visible_text(late),
        done.status_code == 302 and done["Location"] == reverse("accounts:two_factor_setup"),
        "expired" in visible_text(again),
        not TOTPDevice.objects.filter(user=dana, confirmed=True).exists(),
    ]
    _attack("welcome_link_reuse", 4, outcomes.count(False))
    assert outcomes == [True, True, True, True]
    # Signed in from the link, they reach nothing until they confirm their own authenticator.
    assert http.get(reverse("radar:caseload"))["Location"] == reverse("accounts:two_factor")


def test_production_refuses_to_start_with_the_console_email_backend(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "EMAIL_BACKEND")}
    env.update(
        RECONNECT_ENV="production",
        SECRET_KEY="k3y-" + "9f8e7d6c5b4a3210" * 4,
        RECONNECT_FIELD_KEYS="k1:" + "A" * 43,
        RECONNECT_VAR_DIR=str(tmp_path),
    )
    env.pop("RECONNECT_ALLOW_CONSOLE_EMAIL", None)
    refused = run_reconnect("check", env=env)
    _attack("console_email_in_production", 1, int(refused.returncode == 0))
    assert refused.returncode != 0
    assert "reconnect.E010" in refused.stderr


@pytest.mark.parametrize(
    "changes",
    [
        {"ALLOW_CONSOLE_EMAIL": True},
        {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
    ],
    ids=["console on purpose", "smtp"],
)
def test_production_starts_with_a_real_backend_or_console_email_on_purpose(settings, changes):
    settings.PRODUCTION, settings.ALLOW_CONSOLE_EMAIL = True, False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert [e.id for e in no_console_email_in_production()] == ["reconnect.E010"]
    for name, value in changes.items():
        setattr(settings, name, value)
    assert no_console_email_in_production() == []


def test_sign_in_and_reset_links_never_reach_the_logs(casey, mailoutbox):
    http = HttpClient()
    http.post(reverse("accounts:password_reset"), {"email": casey.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        logging.getLogger("django.server").info('"GET %s HTTP/1.1" 302 0', link)
        logging.getLogger("django.request").error("Internal Server Error: %s", link)
        logging.getLogger("reconnect").warning("emailed %s", link)
    finally:
        handler.setStream(old)
    logged = stream.getvalue()
    _attack("link_in_logs", 3, logged.count(token))
    assert logged.count(":token") == 3
    assert token not in logged


def _admin_adds(http: HttpClient, capture, name: str, email: str, role: str):
    with capture(execute=True):
        return http.post(
            reverse("home:person_new"), {"display_name": name, "email": email, "role": role}
        )


@pytest.fixture
def quinn(program) -> User:
    """A second program admin, who did none of what follows."""
    return actions.add_person(
        program=program, email="quinn@example.org", display_name="Quinn Example", role=Role.ADMIN
    )


def test_an_admin_making_their_own_supervisor_oversee_a_clinician_is_told_to_everyone_who_would_notice(  # noqa: E501
    morgan, quinn, casey, robin, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin = signed_in(morgan)
    _admin_adds(
        admin,
        django_capture_on_commit_callbacks,
        "Sol Mentor",
        "sol@admin-controlled.example",
        "supervisor",
    )
    sol = User.objects.get(email="sol@admin-controlled.example")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("accounts:supervision_add"), {"supervisor": sol.pk, "clinician": robin.pk}
        )
    assert robin.supervisors.filter(supervisor=sol).exists()
    told_by_email = {email for m in mailoutbox for email in m.to}
    home = visible_text(signed_in(casey).get(reverse("home:client_home")))
    told = {
        "clinician": robin.email in told_by_email,
        "existing_supervisor": pat.email in told_by_email,
        "other_admin": quinn.email in told_by_email,
        "client_home": "Sol Mentor (supervisor, sol@admin-controlled.example) now supervises "
        "your care team" in home,
    }
    _attack("silent_supervision", len(told), list(told.values()).count(False))
    assert all(told.values()), told
    assert morgan.email not in told_by_email and sol.email not in told_by_email
    for message in mailoutbox:  # staff emails name no client
        assert casey.display_name not in message.subject + message.body
        assert "Sol Mentor" in message.body and "sol@admin-controlled.example" in message.body


def test_an_admin_cannot_pass_a_new_clinician_off_as_a_real_one(
    morgan, quinn, casey, robin, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin = signed_in(morgan)
    capture = django_capture_on_commit_callbacks
    lookalikes = ["Robin Example", "  robin   EXAMPLE ", "Pat Example"]
    answers = [
        _admin_adds(admin, capture, name, f"copy{n}@admin-controlled.example", "clinician")
        for n, name in enumerate(lookalikes)
    ]
    copies = User.objects.filter(email__startswith="copy").count()
    # With a name of their own, the admin's clinician and the admin's supervisor for it.
    _admin_adds(admin, capture, "Sol Mentor", "sol@admin-controlled.example", "supervisor")
    _admin_adds(admin, capture, "Dana Lee", "dana@admin-controlled.example", "clinician")
    sol = User.objects.get(email="sol@admin-controlled.example")
    dana = User.objects.get(email="dana@admin-controlled.example")
    with capture(execute=True):
        admin.post(
            reverse("accounts:supervision_add"), {"supervisor": sol.pk, "clinician": dana.pk}
        )
    mailoutbox.clear()
    with capture(execute=True):
        admin.post(reverse("accounts:care_team", args=[casey.client.pk]), {"clinician": dana.pk})
    oversight = {email for m in mailoutbox if m.to != [casey.email] for email in m.to}
    home = visible_text(signed_in(casey).get(reverse("home:client_home")))
    to_client = next(m for m in mailoutbox if m.to == [casey.email])
    wrong = {
        "lookalike_names_accepted": copies,
        "told_only_the_admins_own_supervisor": int(not {pat.email, quinn.email} <= oversight),
        "client_notice_without_role_and_email": int(
            "Dana Lee (clinician, dana@admin-controlled.example) joined your care team" not in home
        ),
        "client_email_without_role_and_email": int(
            "Dana Lee (clinician, dana@admin-controlled.example)" not in to_client.body
        ),
    }
    _attack("lookalike_clinician", len(lookalikes) + 3, sum(wrong.values()))
    assert not any(wrong.values()), wrong
    for response in answers:
        assert response.status_code == 400
        assert "already has a staff member called" in page_text(response)
    assert all("dana@admin-controlled.example" in m.body for m in mailoutbox)


def test_an_admin_deleting_a_client_gives_their_password_again(morgan, casey, signed_in):
    http = signed_in(morgan)
    url = reverse("records:admin_delete", args=[casey.client.pk])
    name = casey.display_name
    tries = [
        http.post(url, {"confirm_name": name}),
        http.post(url, {"confirm_name": name, "password": "a-wrong-guess-1"}),
    ]
    survived = User.objects.filter(pk=casey.pk).exists()
    _attack("admin_delete_without_reauth", len(tries), int(not survived))
    assert survived
    assert all(t.status_code == 400 for t in tries)
    assert "enter your password again" in page_text(tries[0])
    done = http.post(url, {"confirm_name": name, "password": PASSWORD})
    assert done.status_code == 302
    assert not User.objects.filter(pk=casey.pk).exists()


def test_an_admins_own_supervisor_reaching_a_client_through_their_own_clinician_is_told(
    morgan, casey, robin, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    """As the only admin: make a clinician and a supervisor with addresses of one's own, set
    the one to supervise the other, then put the clinician on a client's care team."""
    admin, capture = signed_in(morgan), django_capture_on_commit_callbacks
    _admin_adds(admin, capture, "Carl Shadow", "carl@admin-controlled.example", "clinician")
    _admin_adds(admin, capture, "Vic Shadow", "vic@admin-controlled.example", "supervisor")
    carl = User.objects.get(email="carl@admin-controlled.example")
    vic = User.objects.get(email="vic@admin-controlled.example")
    mailoutbox.clear()
    with capture(execute=True):
        admin.post(
            reverse("accounts:supervision_add"), {"supervisor": vic.pk, "clinician": carl.pk}
        )
    supervision_mail = list(mailoutbox)
    told_of_supervision = {email for m in supervision_mail for email in m.to}
    mailoutbox.clear()
    with capture(execute=True):
        admin.post(reverse("accounts:care_team", args=[casey.client.pk]), {"clinician": carl.pk})
    to_client = next(m for m in mailoutbox if m.to == [casey.email])
    home = visible_text(signed_in(casey).get(reverse("home:client_home")))
    vic_is = "Vic Shadow (supervisor, vic@admin-controlled.example)"
    wrong = {
        "supervision_told_only_admin_made_accounts": int(
            not told_of_supervision - {carl.email, vic.email}
        ),
        "client_email_hides_the_supervisor": int(vic_is not in " ".join(to_client.body.split())),
        "client_home_hides_the_supervisor": int(
            f"{vic_is} now supervises your care team" not in home
        ),
        "recipients_see_each_other": sum(
            len(m.to) + len(m.cc) + len(m.bcc) > 1 for m in [*supervision_mail, *mailoutbox]
        ),
    }
    _attack("supervisor_through_admin_made_clinician", 4, sum(wrong.values()))
    assert not any(wrong.values()), wrong
    assert pat.email in told_of_supervision  # a supervisor the admin did not make
    assert morgan.email not in told_of_supervision
    body = " ".join(supervision_mail[0].body.split())
    assert "0 clients" not in body and "Carl Shadow has no clients yet" in body


def test_a_supervision_that_only_the_clinician_would_hear_of_is_told_to_the_programs_supervisors(
    morgan, robin, sam, pat, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    admin, capture = signed_in(morgan), django_capture_on_commit_callbacks
    _admin_adds(admin, capture, "Vic Shadow", "vic@admin-controlled.example", "supervisor")
    vic = User.objects.get(email="vic@admin-controlled.example")
    mailoutbox.clear()
    with capture(execute=True):
        admin.post(reverse("accounts:supervision_add"), {"supervisor": vic.pk, "clinician": sam.pk})
    told = sorted(email for m in mailoutbox for email in m.to)
    _attack("supervision_told_only_to_the_clinician", 1, int(pat.email not in told))
    assert told == sorted([sam.email, pat.email])
