"""Synthetic sessions for the demo program, and the first computation of everyone's signals."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from reconnect.measures import instruments
from reconnect.measures.models import Response, Status
from reconnect.people.models import Client, User
from reconnect.radar.models import Session, SessionStatus


def seed_sessions(client: Client, trajectory: str, clinician: User, rng: random.Random) -> None:
    """Weekly sessions over 90 days (attended, some missed), session checks, and the next one."""
    now = timezone.now()
    start = now - dt.timedelta(days=88)
    total = 13
    version = instruments.get("session_check").version
    for week in range(total):
        when = (start + dt.timedelta(weeks=week)).replace(
            hour=rng.choice([9, 11, 14, 16]), minute=0
        )
        recent = week >= total - 2
        missed = (trajectory == "drifting" and recent) or rng.random() < 0.08
        session = Session.objects.create(
            client=client,
            clinician=clinician,
            planned_at=when,
            status=SessionStatus.MISSED if missed else SessionStatus.ATTENDED,
            modality=rng.choice(["in_person", "in_person", "video", "phone"]),
        )
        if missed or rng.random() < 0.25:
            continue
        low = trajectory == "return_and_recover" and week == total - 1
        ratings = (
            [rng.randint(3, 5) for _ in range(3)] if low else [rng.randint(8, 10) for _ in range(3)]
        )
        response = Response.objects.create(
            client=client,
            instrument="session_check",
            version=version,
            status=Status.COMPLETED,
            answers=ratings,
            total=round(sum(ratings) / 3, 2),
            submitted_at=when + dt.timedelta(hours=2),
            client_request_id=f"demo-session-{session.pk}",
        )
        session.check_response = response
        session.save(update_fields=["check_response"])
    Session.objects.create(
        client=client,
        clinician=clinician,
        planned_at=(now + dt.timedelta(days=rng.randint(1, 6))).replace(hour=10, minute=0),
        status=SessionStatus.PLANNED,
    )
