"""A program has one time zone (Program.time_zone): the care team's hours are read in it, the
hours page shows and changes it, and the program's time zone page is the same setting, so the
hours and everyone's pages can never disagree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from conftest import visible_text
from reconnect.access.models import AccessEvent, Action
from reconnect.conversations.models import CareTeamHours
from reconnect.people.models import Program
from reconnect.people.timezones import program_zone

HOURS = {
    "weekdays": ["0", "1", "2", "3", "4"],
    "opens_at": "09:00",
    "closes_at": "17:00",
    "reply_time": "usually within one working day",
    "after_hours": "For a crisis, call or text 988.",
}


@pytest.mark.django_db
def test_the_hours_page_sets_the_programs_one_time_zone(morgan, program, signed_in):
    http = signed_in(morgan)
    response = http.post(
        reverse("conversations:hours"), {**HOURS, "timezone_name": "America/Chicago"}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.time_zone == "America/Chicago"
    assert CareTeamHours.for_program(program.pk).schedule.zone == "America/Chicago"
    assert AccessEvent.objects.filter(
        actor_id=morgan.pk, action=Action.CHANGE, detail=f"program {program.pk} time zone"
    ).exists()
    # The program's time zone page shows the very same setting.
    page = visible_text(http.get(reverse("accounts:program_time_zone")))
    assert "Central time (Chicago)" in page


@pytest.mark.django_db
def test_changing_the_programs_time_zone_moves_the_hours_with_it(morgan, program, signed_in):
    http = signed_in(morgan)
    http.post(reverse("conversations:hours"), {**HOURS, "timezone_name": "America/Chicago"})
    answer = http.post(reverse("accounts:program_time_zone"), {"time_zone": "Pacific/Auckland"})
    assert answer.status_code == 302
    assert CareTeamHours.for_program(program.pk).schedule.zone == "Pacific/Auckland"
    form = http.get(reverse("conversations:hours")).context["form"]
    assert form.initial["timezone_name"] == "Pacific/Auckland"
    schedules = CareTeamHours.objects.schedules([program.pk])
    assert schedules[program.pk].zone == "Pacific/Auckland"


@pytest.mark.django_db
def test_a_program_without_hours_of_its_own_keeps_the_default_hours_in_its_zone(program):
    Program.objects.filter(pk=program.pk).update(time_zone="America/Denver")
    assert CareTeamHours.for_program(program.pk).schedule.zone == "America/Denver"
    assert CareTeamHours.objects.schedules([program.pk])[program.pk].zone == "America/Denver"
    assert CareTeamHours.for_program(987654).schedule.zone == program_zone(None)  # no such program


@pytest.mark.django_db
def test_saving_the_same_zone_again_records_no_change(morgan, program, signed_in):
    http = signed_in(morgan)
    http.post(reverse("conversations:hours"), {**HOURS, "timezone_name": "America/Chicago"})
    http.post(reverse("conversations:hours"), {**HOURS, "timezone_name": "America/Chicago"})
    changes = AccessEvent.objects.filter(detail=f"program {program.pk} time zone")
    assert changes.count() == 1


BEFORE = [
    ("conversations", "0003_safety_contact_hours"),
    ("people", "0007_time_zone_and_demographics"),
]
AFTER = [("conversations", "0004_hours_in_the_programs_time_zone")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_what_each_programs_hours_meant():
    """A program with no zone of its own takes its hours' zone; one with its own keeps it."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldProgram, OldHours = (
        old.get_model("people", "Program"),
        old.get_model("conversations", "CareTeamHours"),
    )
    blank = OldProgram.objects.create(name="No zone yet", created_at=dt.datetime.now(dt.UTC))
    own = OldProgram.objects.create(
        name="Zone of its own", time_zone="America/Denver", created_at=dt.datetime.now(dt.UTC)
    )
    OldHours.objects.create(program=blank, timezone_name="America/Chicago")
    OldHours.objects.create(program=own, timezone_name="Europe/London")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    assert Program.objects.get(name="No zone yet").time_zone == "America/Chicago"
    assert Program.objects.get(name="Zone of its own").time_zone == "America/Denver"
    assert CareTeamHours.objects.get(program__name="No zone yet").schedule.zone == (
        "America/Chicago"
    )
    # And back: the hours get the program's zone again.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("conversations", "CareTeamHours")
    assert back.objects.get(program__name="Zone of its own").timezone_name == "America/Denver"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_saving_the_hours_keeps_a_program_zone_from_outside_the_usual_list(
    morgan, program, signed_in
):
    http = signed_in(morgan)
    http.post(reverse("accounts:program_time_zone"), {"time_zone": "Europe/Lisbon"})
    form = http.get(reverse("conversations:hours")).context["form"]
    assert form["timezone_name"].value() == "Europe/Lisbon"
    assert "Europe/Lisbon" in dict(form.fields["timezone_name"].choices)
    answer = http.post(reverse("conversations:hours"), {**HOURS, "timezone_name": "Europe/Lisbon"})
    assert answer.status_code == 302
    program.refresh_from_db()
    assert program.time_zone == "Europe/Lisbon"
