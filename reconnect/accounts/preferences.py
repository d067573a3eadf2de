"""A person's own settings: their time zone and (for a client) their optional demographics; the
program's time zone. Bad input raises InvalidInput and stores nothing."""

from __future__ import annotations

from django.db import transaction

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.core.input import InvalidInput
from reconnect.people import demographics, timezones
from reconnect.people.models import Client, Program, User


def _zone(name: str, *, blank_ok: bool) -> str:
    name = name.strip()
    if name == "" and blank_ok:
        return ""
    if not timezones.is_known(name):
        raise InvalidInput("time_zone", timezones.UNKNOWN_ZONE.format(name=name[:64]))
    return name


@transaction.atomic
def set_time_zone(*, user: User, time_zone: str) -> bool:
    """Show everything to this person in this IANA zone ("" = the program's); True if changed."""
    zone = _zone(time_zone, blank_ok=True)
    if zone == user.time_zone:
        return False
    User.objects.filter(pk=user.pk).update(time_zone=zone)
    user.time_zone = zone
    return True


@transaction.atomic
def set_program_time_zone(*, program: Program, time_zone: str, by: User) -> bool:
    """The zone of everyone in the program who has not chosen one; True if changed."""
    zone = _zone(time_zone, blank_ok=True)
    if zone == program.time_zone:
        return False
    Program.objects.filter(pk=program.pk).update(time_zone=zone)
    program.time_zone = zone
    record_event(
        actor=by,
        client_id=None,
        category=Category.ADMINISTRATION,
        action=Action.CHANGE,
        detail=f"program {program.pk} time zone",
    )
    return True


@transaction.atomic
def set_demographics(*, client: Client, by: User, age_band: str, gender: str) -> bool:
    """The client's age band and gender, each from its list, blank or "prefer not to say";
    True if anything changed. Written by the client, or by a program admin adding them."""
    values = {"age_band": age_band.strip(), "gender": gender.strip()}
    own = by.pk == client.user_id
    for field, value in values.items():
        problem = demographics.problem(field, value, own=own)
        if problem:
            raise InvalidInput(field, problem)
    if all(getattr(client, field) == value for field, value in values.items()):
        return False
    Client.objects.filter(pk=client.pk).update(**values)
    for field, value in values.items():
        setattr(client, field, value)
    if by.pk != client.user_id:
        record_event(
            actor=by,
            client_id=client.pk,
            category=Category.ADMINISTRATION,
            action=Action.CHANGE,
            detail="demographics",
        )
    return True
