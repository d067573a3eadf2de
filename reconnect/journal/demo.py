"""Synthetic 90-day journals for the demo program: several plausible trajectories, a fixed seed."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from reconnect.journal.models import (
    CheckIn,
    CircleMember,
    Contact,
    DeliveryOutcome,
    ReminderChannel,
    ReminderDelivery,
    ReminderPreference,
    ToolUse,
)
from reconnect.people.models import Client
from reconnect.safety.models import SafetyPlan, SafetyPlanVersion

DAYS = 90
CIRCLE_POOL = [
    ("Ana", "sister", "Listens without judging", "Text any time: 202-555-0131"),
    ("Marcus", "sponsor", "Knows what it's like", "Call after 5pm: 202-555-0117"),
    ("Tuesday group", "peer group", "People who get it", "Tuesdays 7pm, community center"),
    ("Grandma Rose", "grandmother", "Makes me feel at home", "Sunday visits"),
    ("Lee", "friend from work", "Walks at lunch", "Text"),
    ("Dr. Patel", "primary care doctor", "Medication questions", "Clinic line"),
    ("Jess", "neighbour", "Coffee and a chat", "Knock on the door"),
    ("Coach Dee", "running club", "Saturday runs", "Group chat"),
    ("Uncle Ray", "uncle", "Fixes things with me", "Call on weekends: 202-555-0178"),
    ("The library", "a place", "Quiet and calm", "Open 9–8"),
]
NOTES = [
    "Slept badly, but made it to group.",
    "Walked with Ana after dinner. Felt lighter.",
    "Payday is hard. Stayed home and called Marcus.",
    "A good day. Cooked for my kids.",
    "Work was loud; needed a long break outside.",
]


@dataclass(frozen=True)
class Trajectory:
    """How a synthetic client's days go, as functions of t (0 = 90 days ago, 1 = today)."""

    name: str
    checkin_chance: Callable[[float], float]
    settled_chance: Callable[[float], float]
    craving_mean: Callable[[float], float]
    connected_chance: Callable[[float], float]


def _lerp(a: float, b: float) -> Callable[[float], float]:
    return lambda t: a + (b - a) * t


def _dip(normal: float, low: float, start: float, end: float) -> Callable[[float], float]:
    return lambda t: low if start <= t < end else normal


TRAJECTORIES = [
    Trajectory("reconnecting", _lerp(0.5, 0.9), _lerp(0.25, 0.7), _lerp(6, 2), _lerp(0.2, 0.75)),
    Trajectory(
        "drifting",
        lambda t: 0.9 if t < 0.8 else (0.25 if t < 0.93 else 0.0),
        _lerp(0.6, 0.3),
        _lerp(3, 6),
        _lerp(0.65, 0.1),
    ),
    # A return to use in the last two weeks, and coming back these last few days.
    Trajectory(
        "return_and_recover",
        _dip(0.8, 0.35, 0.82, 0.93),
        _dip(0.6, 0.05, 0.82, 0.95),
        _dip(3, 9, 0.82, 0.95),
        _dip(0.5, 0.05, 0.82, 0.95),
    ),
    Trajectory("sparse", lambda t: 0.15, lambda t: 0.5, lambda t: 4, lambda t: 0.4),
    Trajectory("steady", lambda t: 0.7, lambda t: 0.6, lambda t: 3, lambda t: 0.55),
]


def trajectory_for(index: int) -> Trajectory:
    return TRAJECTORIES[index % len(TRAJECTORIES)]


def seed_journal(client: Client, trajectory: Trajectory, rng: random.Random) -> None:
    """Create a circle, 90 days of check-ins and contacts, tool uses and a safety plan."""
    now = timezone.now()
    members = [
        CircleMember.objects.create(
            client=client, name=name, relationship=rel, how_they_help=help_, how_to_reach=reach
        )
        for name, rel, help_, reach in rng.sample(CIRCLE_POOL, rng.randint(2, 8))
    ]
    checkins, contacts, links = [], [], []
    for day in range(DAYS, -1, -1):
        t = 1 - day / DAYS
        moment = now - dt.timedelta(days=day, hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
        if rng.random() < trajectory.checkin_chance(t):
            state = (
                "settled"
                if rng.random() < trajectory.settled_chance(t)
                else rng.choice(["activated", "shut_down"])
            )
            craving = max(0, min(10, round(rng.gauss(trajectory.craving_mean(t), 1.5))))
            reached = rng.random() < trajectory.connected_chance(t)
            connected = rng.choice(["a_little", "yes"]) if reached else "no"
            checkin = CheckIn(
                client=client,
                recorded_at=moment,
                state=state,
                craving=craving if rng.random() < 0.9 else None,
                connected=connected,
                note=rng.choice(NOTES) if rng.random() < 0.12 else "",
                note_shared=rng.random() < 0.3,
                client_request_id=f"demo-{client.pk}-{day}",
            )
            checkins.append(checkin)
            if reached and members and rng.random() < 0.5:
                links.append((checkin, rng.choice(members)))
        if rng.random() < trajectory.connected_chance(t) * 0.5 and members:
            contacts.append(
                Contact(
                    client=client,
                    circle_member=rng.choice(members),
                    recorded_at=moment + dt.timedelta(hours=1),
                    channel=rng.choice(["text", "call", "met"]),
                    felt=rng.choice(["better", "better", "same", "harder"]),
                    client_request_id=f"demo-contact-{client.pk}-{day}",
                )
            )
    CheckIn.objects.bulk_create(checkins)
    Contact.objects.bulk_create(contacts)
    through = CheckIn.circle_members.through
    through.objects.bulk_create(
        through(checkin_id=c.pk, circlemember_id=m.pk) for c, m in links if c.pk
    )
    _seed_tools(client, checkins, rng)
    _seed_plan(client, members, rng)
    _seed_reminders(client, trajectory, rng, now)


def _seed_tools(client: Client, checkins: list[CheckIn], rng: random.Random) -> None:
    uses = []
    for checkin in checkins:
        if checkin.state != "settled" and rng.random() < 0.3:
            before = rng.randint(5, 9)
            uses.append(
                ToolUse(
                    client=client,
                    tool=rng.choice(["grounding", "breathing", "self_compassion"]),
                    checkin=checkin,
                    strength_before=before,
                    strength_after=max(0, before - rng.randint(0, 4)),
                    recorded_at=checkin.recorded_at + dt.timedelta(minutes=5),
                    client_request_id=f"demo-tool-{checkin.pk}",
                )
            )
    ToolUse.objects.bulk_create(uses)


def _seed_plan(client: Client, members: list[CircleMember], rng: random.Random) -> None:
    if rng.random() < 0.15:
        return
    plan = SafetyPlan.objects.create(client=client)
    people = [m.name for m in members[:2]] if rng.random() < 0.85 else []
    sections = {
        "warning_signs": ["Not sleeping", "Skipping meals", "Avoiding my phone"][
            : rng.randint(1, 3)
        ],
        "coping": ["A walk around the block", "Music with headphones", "A hot shower"],
        "distraction": ["The library", "Coffee shop on Main St"],
        "people_help": people,
        "professionals": ["My clinician at the program", "Urgent care on 5th"],
        "environment": ["Give my extra medication to the pharmacy to hold"],
        "reasons": ["My kids", "Seeing the ocean again"][: rng.randint(1, 2)],
    }
    SafetyPlanVersion.objects.create(
        plan=plan,
        number=1,
        content=json.dumps(sections),
        author=client.user,
        author_role="client",
        created_at=timezone.now() - dt.timedelta(days=rng.randint(10, 80)),
    )


def _seed_reminders(
    client: Client, trajectory: Trajectory, rng: random.Random, now: dt.datetime
) -> None:
    if rng.random() < 0.5:
        return
    ReminderPreference.objects.create(
        client=client, enabled=True, time_of_day=dt.time(rng.choice([8, 12, 19]), 0)
    )
    bounced = trajectory.name == "drifting" and rng.random() < 0.5
    ReminderDelivery.objects.bulk_create(
        ReminderDelivery(
            client=client,
            for_date=(now - dt.timedelta(days=day)).date(),
            channel=ReminderChannel.EMAIL,
            outcome=DeliveryOutcome.BOUNCED if bounced and day < 8 else DeliveryOutcome.SENT,
            attempted_at=now - dt.timedelta(days=day),
        )
        for day in range(1, 15)
    )
