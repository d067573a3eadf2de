"""A peer group for the group tests: "Tuesday evening", facilitated by Park (a peer recovery
specialist), with Casey and Alex as members under aliases."""

from __future__ import annotations

import pytest

from reconnect.accounts import actions as accounts
from reconnect.groups import actions
from reconnect.people.models import Role


@pytest.fixture
def settings_held_none(settings):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}


@pytest.fixture
def alex(program, robin, park):
    user = accounts.add_person(
        program=program,
        email="alex@example.org",
        display_name="Alex Example",
        role=Role.CLIENT,
        password="a-long-calm-passphrase-42",
        clinician=robin,
    )
    accounts.assign_clinician(client=user.client, clinician=park)
    return user


@pytest.fixture
def group(program, park):
    return actions.create_group(
        program=program,
        name="Tuesday evening",
        purpose="A calm place to share how the week went.",
        rhythm="Tuesdays, 7 to 8 pm",
        listed=False,
        facilitators=[],
        created_by=park,
    )


@pytest.fixture
def casey_seat(group, casey, park):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    return actions.join_group(group=group, client=casey.client, alias="Sunrise", agreed=True)


@pytest.fixture
def alex_seat(group, alex, park):
    actions.invite_member(group=group, client=alex.client, invited_by=park)
    return actions.join_group(group=group, client=alex.client, alias="River", agreed=True)
