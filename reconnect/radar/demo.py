"""Synthetic sessions for the demo program (the next one with its place and the client's
answer), and the first computation of everyone's signals."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from reconnect.measures import instruments
from reconnect.measures.models import Response, Status
from reconnect.people.models import Client, User
from reconnect.people.timezones import program_zone
from reconnect.radar.models import ClientResponse, Modality, Session, SessionStatus


def seed_sessions(client: Client, trajectory: str, clinician: User, rng: random.Random) -> None:
    """Weekly sessions over 90 days (attended, some missed), session checks, and the next one."""
    # Sessions are at office hours where the program is, not in the server's zone.
    now = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(program_zone(client.program)))
    start = now - dt.timedelta(days=88)
    total = 13
    version = instruments.get("session_check").version
    sessions, checks = [], []  # stored together below: three statements, not one a row
    for week in range(total):
        when = (start + dt.timedelta(weeks=week)).replace(
            hour=rng.choice([9, 11, 14, 16]), minute=0
        )
        recent = week >= total - 2
        missed = (trajectory == "drifting" and recent) or rng.random() < 0.08
        session = Session(
            client=client,
            clinician=clinician,
            planned_at=when,
            status=SessionStatus.MISSED if missed else SessionStatus.ATTENDED,
            modality=rng.choice(["in_person", "in_person", "video", "phone"]),
        )
        sessions.append(session)
        if missed or rng.random() < 0.25:
            continue
        low = trajectory == "return_and_recover" and week == total - 1
        ratings = (
            [rng.randint(3, 5) for _ in range(3)] if low else [rng.randint(8, 10) for _ in range(3)]
        )
        checks.append((session, ratings, when + dt.timedelta(hours=2)))
    Session.objects.bulk_create(sessions)
    responses = Response.objects.bulk_create(
        Response(
            client=client,
            instrument="session_check",
            version=version,
            status=Status.COMPLETED,
            answers=ratings,
            total=round(sum(ratings) / 3, 2),
            submitted_at=submitted_at,
            client_request_id=f"demo-session-{session.pk}",
        )
        for session, ratings, submitted_at in checks
    )
    for (session, _, _), response in zip(checks, responses, strict=True):
        session.check_response = response
    Session.objects.bulk_update([session for session, _, _ in checks], ["check_response"])
    Session.objects.create(
        client=client,
        clinician=clinician,
        planned_at=(now + dt.timedelta(days=rng.randint(1, 6))).replace(hour=10, minute=0),
        status=SessionStatus.PLANNED,
        **_where_and_answer(client, now),
    )


# Fictional places and links (example.org is reserved for examples).
PLACES = ("Room 2, 14 Harbour Street", "The quiet room, 3 Mill Lane")


def _where_and_answer(client: Client, now: dt.datetime) -> dict[str, object]:
    """Where the next session is and whether the client confirmed it: varied, and drawn apart
    from the seed's main random stream so the rest of the demo stays the same."""
    pick = random.Random(f"appointment-{client.user.email}")  # noqa: S311 (demo data)
    modality = pick.choice([Modality.IN_PERSON, Modality.IN_PERSON, Modality.VIDEO, Modality.PHONE])
    where: dict[str, object] = {"modality": modality, "discreet_title": pick.random() < 0.3}
    if modality == Modality.IN_PERSON:
        where["place"] = pick.choice(PLACES)
    elif modality == Modality.VIDEO:
        where["video_link"] = f"https://video.example.org/room/{pick.randrange(10**6):06d}"
    if pick.random() < 0.6:
        where["client_response"] = ClientResponse.CONFIRMED
        where["responded_at"] = now - dt.timedelta(hours=pick.randint(1, 30))
    return where
