"""Joining a group: by invitation from the care team or by asking; an alias that is never the
account name and unique in the group; the agreements first; a full group says so."""

from __future__ import annotations

import pytest

from conftest import visible_text
from reconnect.core.input import InvalidInput
from reconnect.groups import actions, moderation, wording
from reconnect.groups.models import GroupMember, SeatStatus

pytestmark = pytest.mark.django_db


def test_an_invited_client_joins_under_an_alias_after_accepting_the_agreements(
    group, casey, park, signed_in
):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    http = signed_in(casey)
    page = http.get(f"/me/groups/{group.pk}/join/")
    text = visible_text(page)
    assert "No screenshots" in text and "What facilitators do" in text
    assert "no private messages" in text
    response = http.post(
        f"/me/groups/{group.pk}/join/", {"alias": "Sunrise", "agreed": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/groups/{group.pk}/"
    seat = GroupMember.objects.get(client=casey.client)
    assert seat.status == SeatStatus.ACTIVE and seat.alias == "Sunrise"
    assert seat.agreements_version == wording.AGREEMENTS_VERSION


def test_the_tick_boxes_sit_beside_their_own_labels(group, casey, park, signed_in):
    # The shared checkbox row (components/field.html), so a box is never stranded above
    # its words on a phone, and tapping the words ticks it.
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    http = signed_in(casey)
    page = http.post(f"/me/groups/{group.pk}/join/", {"alias": "Casey B"}).content.decode()
    for name in ("agreed", "use_anyway"):
        assert f'id="id_{name}"><label for="id_{name}">' in page
    assert page.count('<div class="field checkbox') == 2
    sharing = http.get("/me/sharing/").content.decode()
    assert '<div class="field checkbox"><input type="checkbox" name="counts_shared"' in sharing
    assert '<label for="counts-shared">' in sharing


def test_joining_without_accepting_the_agreements_stores_nothing(group, casey, park, signed_in):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    response = signed_in(casey).post(f"/me/groups/{group.pk}/join/", {"alias": "Sunrise"})
    assert response.status_code == 400
    assert wording.NOT_AGREED in visible_text(response)
    assert GroupMember.objects.get(client=casey.client).status == SeatStatus.INVITED


def test_the_account_name_is_never_an_alias(group, casey, park):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    with pytest.raises(InvalidInput, match="name on your account"):
        actions.join_group(group=group, client=casey.client, alias="casey  example", agreed=True)


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("Park Example", wording.ALIAS_FACILITATOR),
        ("park  EXAMPLE", wording.ALIAS_FACILITATOR),
        ("Facilitator", wording.ALIAS_ROLE_WORD.format(word="Facilitator")),
        ("the facilitator", wording.ALIAS_ROLE_WORD.format(word="Facilitator")),
        ("Moderator Mo", wording.ALIAS_ROLE_WORD.format(word="Moderator")),
        ("Peer specialist", wording.ALIAS_ROLE_WORD.format(word="Peer specialist")),
    ],
)
def test_a_facilitators_name_or_a_word_for_their_role_is_not_an_alias(
    group, casey, park, signed_in, alias, message
):
    # Park Example facilitates the group: an alias that could pass for them is refused kindly.
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    response = signed_in(casey).post(
        f"/me/groups/{group.pk}/join/", {"alias": alias, "agreed": "on"}
    )
    assert response.status_code == 400
    assert message in visible_text(response)
    seat = GroupMember.objects.get(client=casey.client)
    assert (seat.status, seat.alias) == (SeatStatus.INVITED, "")


def test_a_word_that_only_contains_a_role_word_is_a_fine_alias(group, casey, park):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    seat = actions.join_group(group=group, client=casey.client, alias="Adminton", agreed=True)
    assert seat.alias == "Adminton"


def test_a_failed_join_shows_what_to_fix_at_the_top_and_lands_on_the_form(
    group, casey, park, signed_in
):
    # The form sits under the agreements (2,000 px down on a phone), and the page comes back
    # at its top: the reasons are named there, each a link to its field.
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    response = signed_in(casey).post(f"/me/groups/{group.pk}/join/", {"alias": ""})
    page = response.content.decode()
    top = page.index('id="join-errors"')
    assert top < page.index("Group agreements") < page.index('id="join-h"')
    summary = page[top : page.index("</div>", top)]
    assert f'<a href="#id_alias">{wording.ALIAS_EMPTY}</a>' in summary
    agreed = signed_in(casey).post(f"/me/groups/{group.pk}/join/", {"alias": "Sunrise"})
    page = agreed.content.decode()
    assert page.index(wording.NOT_AGREED) < page.index("Group agreements")


def test_an_alias_with_part_of_the_real_name_warns_and_needs_a_yes(group, casey, park, signed_in):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    http = signed_in(casey)
    response = http.post(f"/me/groups/{group.pk}/join/", {"alias": "Casey B", "agreed": "on"})
    assert response.status_code == 400
    assert "includes part of your real name (Casey)" in visible_text(response)
    assert "Use this name anyway" in visible_text(response)
    # A warning the member may set aside, so it reads as one: soft, never the red error box.
    page = response.content.decode()
    warning = page.index('<div class="notice warning" role="status" id="alias-warning">')
    assert warning < page.index("That name includes") < page.index("Group agreements")
    assert '<a href="#id_alias">Go to the name you chose</a>' in page
    assert "form-errors" not in page and "highlighted field" not in page
    assert 'class="error"' not in page
    assert GroupMember.objects.get(client=casey.client).status == SeatStatus.INVITED
    http.post(
        f"/me/groups/{group.pk}/join/", {"alias": "Casey B", "agreed": "on", "use_anyway": "on"}
    )
    assert GroupMember.objects.get(client=casey.client).alias == "Casey B"


@pytest.mark.parametrize("alias", ["You", "you ", "A former member"])
def test_the_words_pages_show_in_place_of_an_alias_are_not_an_alias(group, casey, park, alias):
    actions.invite_member(group=group, client=casey.client, invited_by=park)
    with pytest.raises(InvalidInput, match="use .* for something else"):
        actions.join_group(group=group, client=casey.client, alias=alias, agreed=True)
    assert GroupMember.objects.get(client=casey.client).status == SeatStatus.INVITED


def test_a_duplicate_alias_in_the_group_is_refused_kindly(casey_seat, group, alex, park):
    actions.invite_member(group=group, client=alex.client, invited_by=park)
    with pytest.raises(InvalidInput) as refused:
        actions.join_group(group=group, client=alex.client, alias="sunrise", agreed=True)
    assert refused.value.message == wording.ALIAS_TAKEN
    assert GroupMember.objects.get(client=alex.client).alias == ""


def test_a_full_group_refuses_a_join_with_a_message(group, casey_seat, alex, park, signed_in):
    group.size_limit = 1
    group.save()
    actions.invite_member(group=group, client=alex.client, invited_by=park)
    response = signed_in(alex).post(
        f"/me/groups/{group.pk}/join/", {"alias": "River", "agreed": "on"}
    )
    assert response.status_code == 400
    assert "This group is full right now (1 of 1 places)" in visible_text(response)
    assert GroupMember.objects.get(client=alex.client).status == SeatStatus.INVITED


def test_only_the_care_team_invites(group, casey, sam):
    with pytest.raises(InvalidInput, match="care team"):
        actions.invite_member(group=group, client=casey.client, invited_by=sam)
    assert not GroupMember.objects.exists()


def test_a_listed_group_can_be_asked_and_a_facilitator_lets_them_in(group, casey, park):
    group.listed = True
    group.save()
    seat = actions.join_group(group=group, client=casey.client, alias="Sunrise", agreed=True)
    assert seat.status == SeatStatus.REQUESTED
    moderation.admit_member(seat=seat, by=park, reason="Welcome")
    assert GroupMember.objects.get(pk=seat.pk).status == SeatStatus.ACTIVE


def test_an_unlisted_group_is_not_open_to_ask(group, casey, signed_in):
    assert signed_in(casey).get(f"/me/groups/{group.pk}/join/").status_code == 404
    with pytest.raises(InvalidInput, match="invitation"):
        actions.join_group(group=group, client=casey.client, alias="Sunrise", agreed=True)


def test_leaving_asks_first_and_then_takes_one_tap(casey_seat, group, casey, signed_in):
    http = signed_in(casey)
    # The thread links to a confirmation page; neither it nor a first tap leaves the group.
    asked = http.get(f"/groups/{group.pk}/leave/")
    text = visible_text(asked)
    assert "Leave Tuesday evening?" in text and "Yes, leave Tuesday evening" in text
    assert "No, stay in the group" in text
    assert http.post(f"/groups/{group.pk}/leave/").status_code == 200
    assert GroupMember.objects.get(pk=casey_seat.pk).status == SeatStatus.ACTIVE
    response = http.post(f"/groups/{group.pk}/leave/", {"confirm": "yes"})
    assert response.status_code == 302
    assert GroupMember.objects.get(pk=casey_seat.pk).status == SeatStatus.LEFT
    assert http.get(f"/groups/{group.pk}/").status_code == 404


def test_taking_back_a_request_to_join_asks_first_too(group, casey, signed_in):
    group.listed = True
    group.save()
    seat = actions.join_group(group=group, client=casey.client, alias="Sunrise", agreed=True)
    http = signed_in(casey)
    assert "Take back your request to join" in visible_text(http.get(f"/groups/{group.pk}/leave/"))
    page = http.post(f"/groups/{group.pk}/leave/", {"confirm": "yes"}, follow=True)
    assert "You took back your request to join Tuesday evening." in visible_text(page)
    assert GroupMember.objects.get(pk=seat.pk).status == SeatStatus.LEFT


def test_on_the_thread_leaving_sits_apart_from_the_post_box(casey_seat, group, casey, signed_in):
    # On a phone a thumb on "Post to the group" must never land on "Leave": the leave link
    # comes after the agreements, in its own spaced block, and is not a one-tap button.
    page = signed_in(casey).get(f"/groups/{group.pk}/").content.decode()
    box, leave = page.index("Post to the group"), page.index("Leave Tuesday evening")
    assert box < page.index("Group agreements, and what facilitators do") < leave
    assert '<p class="leave-group"><a href="/groups/' in page
    assert f'action="/groups/{group.pk}/leave/"' not in page


def test_leaving_says_truthfully_how_to_come_back(casey_seat, group, casey, signed_in):
    # An unlisted group is open again only by a new invitation from the care team.
    page = signed_in(casey).post(f"/groups/{group.pk}/leave/", {"confirm": "yes"}, follow=True)
    text = visible_text(page)
    assert "You left Tuesday evening. Your care team can invite you back any time." in text
    assert "welcome back" not in text


def test_the_care_team_invites_from_the_clients_page(group, casey, park, signed_in):
    http = signed_in(park)
    page = http.get(f"/clients/{casey.client.pk}/groups/")
    assert "Invite Casey to a group" in visible_text(page)
    http.post(f"/clients/{casey.client.pk}/groups/", {"group": group.pk})
    assert GroupMember.objects.get(client=casey.client).status == SeatStatus.INVITED
    assert "Tuesday evening" in visible_text(signed_in(casey).get("/me/groups/"))


def test_the_groups_page_says_how_to_invite_in_words_true_for_each_role(
    group, park, robin, morgan, signed_in
):
    # A program admin has no clients of their own: their page says who invites, not "your".
    admin = visible_text(signed_in(morgan).get("/groups/"))
    assert "from your clients" not in admin and "from your caseload" not in admin
    assert "A client's care team invites them to a group from the client's “Peer groups” page" in (
        admin
    )
    assert "on your Peer support page" in visible_text(signed_in(park).get("/groups/"))
    assert "open their page from your caseload" in visible_text(signed_in(robin).get("/groups/"))
