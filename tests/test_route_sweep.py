"""Every route, discovered from the URL resolver: gated, no IDOR, audited, with safe headers.

New routes are covered without editing this file; a route taking an id parameter this file does
not know fails the sweep until someone says which objects are out of each person's reach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

import reconnect
from proof.scorecard import record_figure
from reconnect.access.gate import reachable_clients
from reconnect.access.models import AccessEvent, Category
from reconnect.accounts import actions
from reconnect.consent.actions import sign_consent
from reconnect.consent.models import ConsentGrant
from reconnect.conversations.actions import send_message
from reconnect.conversations.models import Message
from reconnect.core.routes import PUBLIC_ROUTES, Route, all_routes
from reconnect.groups import actions as groups
from reconnect.groups.models import Facilitator, GroupMember, PeerGroup, Post, SeatStatus
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.journal.models import CheckIn, CircleMember
from reconnect.measures.actions import assign_instrument, record_response
from reconnect.measures.models import Assignment, Response, SafetyFlag
from reconnect.people.models import ApiToken, Program, Role, User
from reconnect.radar.actions import record_session
from reconnect.radar.models import Session, Signal
from reconnect.radar.refresh import refresh_signals
from reconnect.relational.models import Analysis
from reconnect.safety.actions import save_safety_plan
from reconnect.supporters import actions as supporters
from reconnect.supporters.models import Invitation
from tests.profile import FULL

pytestmark = pytest.mark.django_db
ROUTES = list(all_routes())
# Objects that belong to one client, by the route parameter that names them.
CLIENT_OBJECTS = {
    "checkin_id": CheckIn,
    "member_id": CircleMember,
    "response_id": Response,
    "assignment_id": Assignment,
    "flag_id": SafetyFlag,
    "session_id": Session,
    "signal_id": Signal,
    "analysis_id": Analysis,
    "consent_id": ConsentGrant,
    "invitation_id": Invitation,
    "message_id": Message,
}
# Routes where a supporter or clinician reaches a client through that client's consent.
SHARED_ROUTES = {"consent:shared_record", "supporters:message"}
# A peer group, and a post or a member's place in one: out of reach unless one is a member
# or facilitator of the group (a program admin also reads its moderation log).
GROUP_PARAMS = {"group_id", "post_id", "seat_id"}
ADMIN_GROUP_ROUTES = {"groups:log"}
ID_PARAMS = {"client_id", "user_id", "token_id", "number", *CLIENT_OBJECTS, *GROUP_PARAMS}
# Parameters that name no object of anyone's (a slug, a password-reset link).
PLAIN_PARAMS = {"uidb64", "token", "tool", "code"}
SAMPLE = {
    "client_id": 1,
    "user_id": 1,
    "token_id": 1,
    "checkin_id": 1,
    "member_id": 1,
    "number": 1,
    "uidb64": "MQ",
    "token": "x",
    "tool": "grounding",
    "code": "phq9",
    "response_id": 1,
    "assignment_id": 1,
    "flag_id": 1,
    "session_id": 1,
    "signal_id": 1,
    "analysis_id": 1,
    "consent_id": 1,
    "invitation_id": 1,
    "message_id": 1,
    "group_id": 1,
    "post_id": 1,
    "seat_id": 1,
}
# Rows that legitimately change when anyone makes a request: the trail itself, sessions,
# lockout counters, and when a token was last used.
VOLATILE = {"access.accessevent", "sessions.session", "axes.accessattempt", "axes.accesslog"}
VOLATILE_FIELDS = {"last_used_at", "last_login"}


SWEEP_BODY = {
    "name": "Sweep",
    "state": "settled",
    "body": "Sweep",
    "reason": "other",
    "client_request_id": "sweep-attempt",
}


def route_url(route: Route, values: dict[str, object]) -> str:
    return reverse(route.name, kwargs={p: values[p] for p in route.params})


def database_snapshot() -> dict[str, set[tuple]]:
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE_FIELDS]
        snapshot[label] = {repr(row) for row in model.objects.values_list(*fields)}
    return snapshot


@pytest.fixture
def world(everyone):
    """The personas, plus a second program whose people nobody in the first may reach."""
    other_program = Program.objects.create(name="Another Program")
    stranger_clinician = actions.add_person(
        program=other_program,
        email="stranger.clinician@example.org",
        display_name="Stranger Clinician",
        role=Role.CLINICIAN,
        password="another-long-passphrase",
    )
    stranger = actions.add_person(
        program=other_program,
        email="stranger@example.org",
        display_name="Canary Stranger-7f3a",
        role=Role.CLIENT,
        password="another-long-passphrase",
        clinician=stranger_clinician,
    )
    tokens = {
        name: actions.create_api_token(user=u, name="sweep")[1] for name, u in everyone.items()
    }
    for person, versions in ((everyone["casey"], 1), (everyone["lee"], 1), (stranger, 3)):
        client = person.client
        member, _ = add_circle_member(client=client, name=f"Friend of {person.pk}")
        record_checkin(
            client=client,
            state="settled",
            note=f"Canary note {person.pk}",
            circle_member_ids=[member.pk],
            client_request_id=f"sweep-{person.pk}",
        )
        for version in range(versions):
            save_safety_plan(client=client, sections={"coping": [f"walk {version}"]}, author=person)
        clinician = client.care_team.first().clinician
        assign_instrument(
            client=client, instrument="phq9", schedule="weekly", assigned_by=clinician
        )
        record_response(
            client=client,
            instrument="phq9",
            answers=[1, 1, 1, 1, 1, 1, 1, 1, 1],
            client_request_id=f"sweep-phq-{person.pk}",
        )
        record_session(
            client=client, clinician=clinician, planned_at=timezone.now(), status="attended"
        )
        refresh_signals([client.pk])
        send_message(client=client, author=person, body=f"Canary note message {person.pk}")
        Analysis.objects.create(
            client=client, clinician=clinician, transcript="T: hi\nC: hello", status="done"
        )
    assert Signal.objects.count() >= 3  # the safety answers above raise signals to reach for
    casey = everyone["casey"].client
    _, link = supporters.invite(client=casey, name="Jo")
    supporters.accept(raw=link, supporter=everyone["jo"])
    supporters.invite(client=stranger.client, name="Someone else's friend")
    sign_consent(
        client=casey,
        recipient_kind="supporter",
        recipient=everyone["jo"],
        categories=["checkin_summary"],
        purpose="To support my recovery",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        signature=everyone["casey"].display_name,
        understood_revocation=True,
    )
    # A peer group Park facilitates with Casey in it, and one in the other program.
    circle = groups.create_group(
        program=casey.program,
        name="Sweep circle",
        purpose="Sweep",
        listed=False,
        facilitators=[],
        created_by=everyone["park"],
    )
    groups.invite_member(group=circle, client=casey, invited_by=everyone["park"])
    seat = groups.join_group(group=circle, client=casey, alias="Sunrise", agreed=True)
    groups.write_post(seat=seat, body="Canary note in a group")
    elsewhere = groups.create_group(
        program=other_program,
        name="Elsewhere",
        purpose="Sweep",
        listed=False,
        facilitators=[stranger_clinician],
        created_by=_other_admin(other_program),
    )
    groups.invite_member(group=elsewhere, client=stranger.client, invited_by=stranger_clinician)
    far = groups.join_group(group=elsewhere, client=stranger.client, alias="Far", agreed=True)
    groups.write_post(seat=far, body="Canary note far away")
    return {"people": everyone, "stranger": stranger, "tokens": tokens}


def _other_admin(program: Program) -> User:
    return actions.add_person(
        program=program,
        email="stranger.admin@example.org",
        display_name="Stranger Admin",
        role=Role.ADMIN,
        password="another-long-passphrase",
    )


def _groups_in_reach(user: User, route: Route) -> set[int]:
    """The groups this person reads: as a member or facilitator (an admin, the log of the
    program's groups)."""
    reach = set(Facilitator.objects.filter(user=user).values_list("group_id", flat=True))
    reach |= set(
        GroupMember.objects.filter(client__user=user, status=SeatStatus.ACTIVE).values_list(
            "group_id", flat=True
        )
    )
    if user.role == Role.ADMIN and route.name in ADMIN_GROUP_ROUTES:
        program = user.membership.program_id
        reach |= set(PeerGroup.objects.filter(program_id=program).values_list("pk", flat=True))
    return reach


def group_cases(route: Route, user: User) -> list[dict[str, object]]:
    """Groups, posts and places out of this person's reach, alone or under a group in reach."""
    reach = _groups_in_reach(user, route)
    outside = PeerGroup.objects.exclude(pk__in=reach)
    objects = {
        "post_id": Post.objects.values_list("pk", "group_id"),
        "seat_id": GroupMember.objects.values_list("pk", "group_id"),
    }
    wanted = [p for p in ("post_id", "seat_id") if p in route.params]
    if "group_id" not in route.params:  # a post named alone (the API's report)
        return [{param: pk} for param in wanted for pk, gid in objects[param] if gid not in reach]
    cases: list[dict[str, object]] = []
    for group_id in outside.values_list("pk", flat=True):
        case: dict[str, object] = {"group_id": group_id}
        for param in wanted:
            found = [pk for pk, gid in objects[param] if gid == group_id]
            case[param] = found[0] if found else 1
        cases.append(case)
    for group_id in reach:
        for param in wanted:
            others = [pk for pk, gid in objects[param] if gid != group_id]
            cases += [{"group_id": group_id, **{p: 1 for p in wanted}, param: pk} for pk in others]
    return cases


def forbidden_values(route: Route, user: User, world: dict) -> list[dict[str, object]]:
    """Ids this person must not reach through this route."""
    unknown = set(route.params) - ID_PARAMS - PLAIN_PARAMS
    assert not unknown, f"{route.name}: say which {unknown} are out of reach"
    stranger: User = world["stranger"]
    people = world["people"]
    plain = {p: SAMPLE[p] for p in route.params if p in PLAIN_PARAMS}
    cases: list[dict[str, object]] = []
    if "client_id" in route.params:
        foreign = [stranger.client.pk]
        if not route.pattern.startswith("program/"):
            reachable = set(reachable_clients(user).values_list("pk", flat=True))
            if route.name in SHARED_ROUTES:
                granted = ConsentGrant.objects.active().filter(recipient=user)
                reachable |= set(granted.values_list("client_id", flat=True))
            foreign += [
                p.client.pk
                for p in (people["casey"], people["lee"])
                if p.client.pk not in reachable
            ]
        cases += [{"client_id": pk, "number": 1} for pk in foreign]
    elif "number" in route.params:
        cases.append({"number": 3})  # only the stranger's plan has a third version
    own = getattr(user, "client", None) if user.role == Role.CLIENT else None
    for param, model in CLIENT_OBJECTS.items():
        if param not in route.params:
            continue
        if "client_id" in route.params:
            # A client in reach, with another client's object: the object must not be found.
            mine = reachable_clients(user).first()
            if mine is not None:
                others = model.objects.exclude(client=mine).values_list("pk", flat=True)
                cases += [{"client_id": mine.pk, param: pk} for pk in others]
            cases = [{**c, param: c.get(param, 1)} for c in cases]
        elif model is Analysis:  # an analysis belongs to the clinician who made it
            others = Analysis.objects.exclude(clinician=user).values_list("pk", flat=True)
            cases += [{param: pk} for pk in others]
        elif model is Message:  # the client and their care team mark a message read
            others = Message.objects.exclude(client__in=reachable_clients(user))
            cases += [{param: pk} for pk in others.values_list("pk", flat=True)]
        else:
            others = model.objects.exclude(client=own).values_list("pk", flat=True)
            cases += [{param: pk} for pk in others]
    if "user_id" in route.params:
        cases.append({"user_id": stranger.pk})
        if user.role != Role.ADMIN:
            cases.append({"user_id": people["casey"].pk})
    if "token_id" in route.params:
        others = ApiToken.objects.exclude(user=user).values_list("pk", flat=True)
        cases.extend({"token_id": pk} for pk in others[:2])
    if GROUP_PARAMS & set(route.params):
        cases += group_cases(route, user)
    return [{**plain, **{k: v for k, v in case.items() if k in route.params}} for case in cases]


def as_person(user: User, world: dict, signed_in: Callable) -> tuple[HttpClient, dict]:
    http = signed_in(user)
    return http, {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][_name(user, world)]}"}


def _name(user: User, world: dict) -> str:
    return next(name for name, u in world["people"].items() if u.pk == user.pk)


def test_every_route_is_public_on_purpose_or_refuses_anonymous_visitors(world):
    http = HttpClient()
    values = SAMPLE
    checked = 0
    for route in ROUTES:
        if route.name in PUBLIC_ROUTES or route.name == "api:api-root":
            continue
        url = route_url(route, values)
        for method in ("get", "post"):
            response = getattr(http, method)(url)
            if route.is_api:
                assert response.status_code in (401, 405), (route.name, method)
            else:
                assert response.status_code in (302, 405), (route.name, method)
                if response.status_code == 302:
                    assert response["Location"].startswith(reverse("accounts:sign_in"))
            checked += 1
    gated = len([r for r in ROUTES if r.name not in PUBLIC_ROUTES])
    record_figure(
        "1_unguarded_routes", unguarded=0, routes=len(ROUTES), gated=gated, checks=checked
    )
    assert checked >= 40


def methods_tried(route: Route) -> tuple[str, ...]:
    """Every method on the API; on a page, the quick profile (tests/profile.py) sends only what a
    browser sends (no page's view reads another: the test below), the full profile all five. In
    the quick profile a method a route refuses (405) is not sent again with the route's other
    ids: it is refused before any lookup."""
    if route.is_api or FULL:
        return ("get", "post", "put", "patch", "delete")
    return ("get", "post")


def test_no_page_reads_a_method_browsers_do_not_send():
    """A page's view branches on GET and POST alone, so it answers PUT, PATCH and DELETE as it
    answers GET (and the quick route sweep needs only those two); the API's routes are swept
    with every method in every profile."""
    for source in Path(reconnect.__file__).parent.rglob("*.py"):
        if {"api", "tests", "migrations"} & set(source.parts):
            continue
        text = source.read_text()
        named = [m for m in ("PUT", "PATCH", "DELETE") if f'"{m}"' in text or f"'{m}'" in text]
        assert not named, (source, named)


# The quick profile (tests/profile.py) sweeps one person of each role; Lee and Sam, a client and a
# clinician again with the other caseload, are swept in the full profile.
FULL_ONLY = pytest.mark.skipif(not FULL, reason="swept in the full profile")


@pytest.mark.parametrize(
    "persona",
    [
        "casey",
        "robin",
        pytest.param("sam", marks=FULL_ONLY),
        "pat",
        "morgan",
        "jo",
        pytest.param("lee", marks=FULL_ONLY),
        "park",
    ],
)
def test_nobody_reaches_an_object_outside_their_scope_by_changing_an_id(world, signed_in, persona):
    user = world["people"][persona]
    http, api_auth = as_person(user, world, signed_in)
    before = database_snapshot()
    attempts = 0
    sent: set[tuple[str, str]] = set()  # two API names may share one path
    for route in ROUTES:
        if not set(route.params) - PLAIN_PARAMS:
            continue
        methods = methods_tried(route)
        for values in forbidden_values(route, user, world):
            url = route_url(route, values)
            for method in methods:
                if (method, url) in sent:
                    continue
                sent.add((method, url))
                extra = api_auth if route.is_api else {}
                if route.is_api and method != "get":
                    # A body that would be valid, so what answers is the gate, not validation.
                    extra = {**extra, "data": SWEEP_BODY, "content_type": "application/json"}
                response = getattr(http, method)(url, **extra)
                allowed = {403, 404, 405}
                assert response.status_code in allowed, (persona, route.name, method, values)
                assert b"Canary Stranger-7f3a" not in response.content
                assert b"Canary note" not in response.content
                attempts += 1
                if response.status_code == 405 and not FULL:
                    # Refused by method before any lookup: so it is for every other id.
                    methods = tuple(m for m in methods if m != method)
    assert attempts >= 25
    unchanged = database_snapshot() == before
    record_figure("2_idor", attempts=attempts, successes=0, canary_leaks=0, **{persona: attempts})
    assert unchanged


# What a peer recovery specialist opens about a client on their care team: the peer scope
# (reconnect/access/gate.py PEER_SCOPE). The two API names share one path (GET lists).
PEER_ROUTES = {
    "home:peer_summary",
    "conversations:client",
    "groups:client",
    "api:client_messages",
    "api:reply_to_client",
}


def test_a_peer_specialist_on_the_care_team_gets_404_outside_the_peer_scope(world, signed_in):
    """Counselling and session notes, questionnaire answers, the safety plan, analyses and
    every other clinical page answer 404 for Casey's own peer recovery specialist."""
    park, casey = world["people"]["park"], world["people"]["casey"].client
    http, api_auth = as_person(park, world, signed_in)
    objects = {
        param: model.objects.filter(client=casey).values_list("pk", flat=True).first() or 1
        for param, model in CLIENT_OBJECTS.items()
        if model is not Analysis
    }
    objects["analysis_id"] = Analysis.objects.filter(client=casey).first().pk
    opened = refused = 0
    for route in ROUTES:
        if "client_id" not in route.params or route.pattern.startswith("program/"):
            continue
        values = {**SAMPLE, **objects, "client_id": casey.pk}
        response = http.get(route_url(route, values), **(api_auth if route.is_api else {}))
        if route.name in PEER_ROUTES:
            assert response.status_code == 200, route.name
            opened += 1
        else:
            assert response.status_code in (404, 405), route.name
            assert b"Canary note" not in response.content
            refused += 1
    for route in ROUTES:  # a session, an analysis, a response of Casey's named on its own
        named = set(route.params) & {"session_id", "analysis_id", "response_id"}
        if named and "client_id" not in route.params:
            response = http.get(route_url(route, {**SAMPLE, **objects}))
            assert response.status_code in (404, 405), route.name
            refused += 1
    record_figure("2b_peer_scope", opened=opened, refused=refused)
    assert opened == len(PEER_ROUTES) and refused >= 15


def test_every_page_showing_client_data_records_exactly_one_access_with_a_category(
    world, signed_in
):
    robin = world["people"]["robin"]
    casey_id = world["people"]["casey"].client.pk
    http, api_auth = as_person(robin, world, signed_in)
    shown = 0
    for route in ROUTES:
        if "client_id" not in route.params or route.pattern.startswith("program/"):
            continue
        before = AccessEvent.objects.filter(client_id=casey_id).count()
        extra = api_auth if route.is_api else {}
        response = http.get(route_url(route, {**SAMPLE, "client_id": casey_id}), **extra)
        if response.status_code != 200:
            continue
        shown += 1
        events = AccessEvent.objects.filter(client_id=casey_id).order_by("-id")
        assert events.count() == before + 1, route.name
        assert events[0].category in Category.values
        assert events[0].actor_id == robin.pk
    record_figure("4_audit_coverage", phi_responses=shown, with_audit_row=shown)
    assert shown >= 5


@pytest.mark.parametrize("persona", ["robin", "sam", "pat", "morgan", "park"])
def test_every_list_naming_a_client_records_an_access_for_each_client_it_names(
    world, signed_in, persona
):
    """A caseload, team or program list shows something about each client it names (flags,
    scores, care team), so each named client gets their own access row from that request."""
    user = world["people"][persona]
    http, api_auth = as_person(user, world, signed_in)
    clients = [world["people"]["casey"], world["people"]["lee"], world["stranger"]]
    shown = audited = 0
    for route in ROUTES:
        if route.params or route.name == "accounts:quick_exit":
            continue
        before = {c.pk: _accesses(user, c) for c in clients}
        response = http.get(route_url(route, {}), **(api_auth if route.is_api else {}))
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")  # an icon is not text
        for person in clients:
            if person.display_name in body:
                shown += 1
                recorded = _accesses(user, person) > before[person.pk]
                audited += recorded
                assert recorded, (route.name, person.display_name)
    record_figure(
        "11_caseload_rows_audited",
        rows_shown=shown,
        rows_with_audit_row=audited,
        audited_pct=round(100 * audited / shown, 1) if shown else 100.0,
    )
    assert shown >= 1


def _accesses(user: User, person: User) -> int:
    return AccessEvent.objects.filter(actor_id=user.pk, client_id=person.client.pk).count()


REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@pytest.mark.parametrize("persona", [None, "casey", "robin", "pat", "morgan"])
def test_every_route_sends_the_security_headers(world, signed_in, persona):
    user = world["people"].get(persona) if persona else None
    http = signed_in(user) if user else HttpClient()
    values = {
        **SAMPLE,
        "client_id": world["people"]["casey"].client.pk,
        "user_id": world["people"]["casey"].pk,
    }
    # Quick exit ends the session, so it comes last: every other route is seen signed in.
    for route in sorted(ROUTES, key=lambda r: r.name == "accounts:quick_exit"):
        response = http.get(route_url(route, values))
        for header, value in REQUIRED_HEADERS.items():
            assert response.get(header) == value, (route.name, header)
        if not route.is_api:
            csp = response["Content-Security-Policy"]
            for directive in ("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
                assert directive in csp, route.name
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    record_figure("7_headers", routes_checked=len(ROUTES), routes_with_all_headers=len(ROUTES))
