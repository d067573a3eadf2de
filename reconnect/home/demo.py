"""The demo program: synthetic people only, a fixed random seed, safe to run twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.accounts import actions
from reconnect.consent.actions import sign_consent
from reconnect.contact.demo import seed_contact_details
from reconnect.conversations.demo import seed_care_team_hours, seed_conversation
from reconnect.groups.demo import seed_groups
from reconnect.journal.demo import seed_journal, trajectory_for
from reconnect.measures.demo import seed_measures, seed_safety_answer
from reconnect.notifications.demo import seed_texts
from reconnect.people.models import Client, Program, Role, User
from reconnect.radar.demo import seed_sessions
from reconnect.radar.refresh import refresh_signals
from reconnect.relational.models import AnalysisConsent
from reconnect.supporters.models import Encouragement, SupporterLink

DEMO_PROGRAM = "Harbor Recovery Program (demo)"
DEMO_DOMAIN = "demo.reconnect.example"
DEMO_SEED = 20261127
CLIENTS_PER_CLINICIAN = 12

STAFF = [
    ("Morgan Lee", "morgan", Role.ADMIN),
    ("Pat Rivera", "pat", Role.SUPERVISOR),
    ("Robin Okafor", "robin", Role.CLINICIAN),
    ("Dana Reyes", "dana", Role.CLINICIAN),
    ("Jordan Kim", "jordan", Role.CLINICIAN),
    ("Lee Park", "lee", Role.PEER),
]
FIRST_NAMES = [
    "Casey",
    "Alex",
    "Sam",
    "Taylor",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Rowan",
    "Skyler",
    "Emerson",
    "Hayden",
    "Parker",
    "Reese",
    "Sage",
    "Finley",
    "Harper",
    "Jesse",
    "Kendall",
    "Logan",
    "Marley",
    "Noel",
    "Oakley",
    "Peyton",
    "Remy",
    "Shawn",
    "Tatum",
    "Wren",
    "Blair",
    "Cameron",
    "Devon",
    "Ellis",
    "Frankie",
    "Gray",
    "Indy",
    "Jules",
]
LAST_NAMES = [
    "Nguyen",
    "Garcia",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Martinez",
    "Davis",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Thompson",
    "White",
    "Harris",
]
PRONOUNS = ["she/her", "he/him", "they/them", ""]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
GENDERS = ["woman", "man", "non-binary", ""]
LANGUAGES = ["English", "Spanish", "English", "English"]


def password_for(role: str) -> str:
    """Demo passwords are printed on purpose: this program holds synthetic people only."""
    return f"calm-harbor-{role}-2026"


def demo_person(hashes: dict[str, str], *, role: str, **fields: Any) -> User:
    """A demo account with its role's printed password. Everyone with a role shares it, so it is
    hashed once per role (`hashes` keeps them) instead of once per person: Argon2 takes about
    0.12 s a time, which was more than half of seeding the demo (7.6 s, now 3.0 s)."""
    user = actions.add_person(role=role, **fields)
    if role not in hashes:
        hashes[role] = make_password(password_for(role))
    user.password = hashes[role]
    user.save(update_fields=["password"])
    return user


def totp_key_for(email: str) -> str:
    """A fixed TOTP key per demo account, so codes can be printed for newcomers."""
    return hashlib.sha256(f"reconnect-demo-totp:{email}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    name: str


@transaction.atomic
def seed_demo() -> bool:
    """Create the demo program once. Returns False when it already exists."""
    if Program.objects.filter(name=DEMO_PROGRAM).exists():
        return False
    rng = random.Random(DEMO_SEED)
    program = Program.objects.create(name=DEMO_PROGRAM)
    seed_care_team_hours(program)
    people: dict[str, User] = {}
    hashes: dict[str, str] = {}
    for name, handle, role in STAFF:
        email = f"{handle}@{DEMO_DOMAIN}"
        user = demo_person(hashes, program=program, email=email, display_name=name, role=role)
        TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=totp_key_for(email), confirmed=True
        )
        people[handle] = user
    clinicians = [people["robin"], people["dana"], people["jordan"]]
    for clinician in clinicians:
        actions.assign_supervisor(supervisor=people["pat"], clinician=clinician)
    for index, first in enumerate(FIRST_NAMES):
        last = LAST_NAMES[index % len(LAST_NAMES)]
        handle = f"{first.lower()}.{last.lower()}"
        user = demo_person(
            hashes,
            program=program,
            email=f"{handle}@{DEMO_DOMAIN}",
            display_name=f"{first} {last}",
            role=Role.CLIENT,
            pronouns=rng.choice(PRONOUNS),
            clinician=clinicians[index // CLIENTS_PER_CLINICIAN % len(clinicians)],
        )
        client = user.client
        client.age_band = rng.choice(AGE_BANDS)
        client.gender = rng.choice(GENDERS)
        client.language = rng.choice(LANGUAGES)
        client.save(update_fields=["age_band", "gender", "language"])
        trajectory = trajectory_for(index)
        seed_journal(client, trajectory, rng)
        clinician = clinicians[index // CLIENTS_PER_CLINICIAN % len(clinicians)]
        seed_measures(client, trajectory.name, clinician, rng)
        seed_sessions(client, trajectory.name, clinician, rng)
        seed_contact_details(client, index)
        seed_texts(client)
        seed_conversation(client, index, clinician)
        if index % CLIENTS_PER_CLINICIAN == 7:  # one recent safety answer on each caseload
            seed_safety_answer(client)
        if index % CLIENTS_PER_CLINICIAN == 0:  # one client per caseload consents to analysis
            AnalysisConsent.objects.create(client=client)
    seed_supporter(program, hashes)
    seed_groups(program, people["lee"], people["robin"], DEMO_DOMAIN, rng)
    refresh_signals(Client.objects.filter(program=program).values_list("pk", flat=True))
    return True


def seed_supporter(program: Program, hashes: dict[str, str]) -> None:
    """Casey Nguyen's brother Jamie, who sees her check-in summary and circle."""
    casey = Client.objects.select_related("user").get(user__email=f"casey.nguyen@{DEMO_DOMAIN}")
    jamie = demo_person(
        hashes,
        program=program,
        email=f"jamie.family@{DEMO_DOMAIN}",
        display_name="Jamie Nguyen",
        role=Role.SUPPORTER,
    )
    link = SupporterLink.objects.create(client=casey, supporter=jamie)
    sign_consent(
        client=casey,
        recipient_kind="supporter",
        recipient=jamie,
        categories=["checkin_summary", "circle"],
        purpose="So my brother can support my recovery",
        expires_on=timezone.localdate() + dt.timedelta(days=90),
        signature=casey.user.display_name,
        understood_revocation=True,
    )
    Encouragement.objects.create(
        link=link,
        message="Saw you went to group this week. Proud of you.",
        client_request_id="demo-1",
    )


def demo_accounts(*, with_codes: bool = False) -> list[dict[str, str]]:
    """The demo sign-ins, staff first; with the current TOTP code for staff if asked."""
    users = (
        User.objects.filter(memberships__program__name=DEMO_PROGRAM)
        .prefetch_related("memberships")
        .order_by("id")
    )
    rows = []
    for user in users:
        role = user.memberships.all()[0].role
        row = {
            "email": user.email,
            "password": password_for(role),
            "role": role,
            "name": user.display_name,
        }
        if with_codes and role not in (Role.CLIENT, Role.SUPPORTER):
            row["totp_code"] = current_code(user.email)
        rows.append(row)
    return rows


def current_code(email: str, step_offset: int = 0) -> str:
    """The demo authenticator's current six-digit code (or a neighbouring step's)."""
    totp = TOTP(bytes.fromhex(totp_key_for(email)))
    totp.time = totp.time + step_offset * totp.step
    return f"{totp.token():06d}"
