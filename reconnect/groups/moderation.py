"""Moderation by a group's facilitators: approve or hide a held post, restore one, keep a
reported post up, pause a member's posting for 24 hours or 7 days, remove a member, let someone
who asked join. Every step has a reason and is written to the group's log, which facilitators
and program admins read; the log names members by alias and never copies a post's words."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from reconnect.core.input import InvalidInput
from reconnect.groups import wording
from reconnect.groups.actions import check_room_for_one, locked_group
from reconnect.groups.models import (
    GroupMember,
    ModerationAction,
    ModerationKind,
    Post,
    PostState,
    Report,
    SeatStatus,
)
from reconnect.people.models import User

MUTE_HOURS = {"24h": 24, "7d": 24 * 7}


class NothingToDo(Exception):
    """The step would change nothing (no open report to close, no pause to lift): nothing is
    done and nothing is logged; the message says so kindly."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text or len(text) > 300:
        raise InvalidInput("reason", wording.REASON_NEEDED)
    return text


def _log(
    *,
    kind: str,
    by: User,
    reason: str,
    group_id: int,
    post: Post | None = None,
    seat: GroupMember | None = None,
    until: dt.datetime | None = None,
) -> ModerationAction:
    alias = seat.alias if seat is not None else (post.alias if post is not None else "")
    return ModerationAction.objects.create(
        group_id=group_id,
        post=post,
        member=seat if seat is not None else (post.member if post is not None else None),
        alias=alias,
        actor=by,
        actor_name=by.display_name,
        kind=kind,
        reason=reason,
        until=until,
    )


def _resolve_reports(post: Post, at: dt.datetime) -> None:
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=at)


_POST_STEPS = {
    # step: (states it applies to, the state after, log kind)
    "approve": ((PostState.HELD,), PostState.PUBLISHED, ModerationKind.APPROVE),
    "hide": ((PostState.PUBLISHED, PostState.HELD), PostState.HIDDEN, ModerationKind.HIDE),
    "restore": ((PostState.HIDDEN,), PostState.PUBLISHED, ModerationKind.RESTORE),
    "dismiss": ((PostState.PUBLISHED,), PostState.PUBLISHED, ModerationKind.DISMISS),
}


@transaction.atomic
def moderate_post(*, post: Post, step: str, by: User, reason: str) -> ModerationAction:
    """Approve, hide, restore, or keep up a reported post; the reports on it are resolved.
    Keeping up a post no open report is about changes nothing (NothingToDo)."""
    if step not in _POST_STEPS:
        raise InvalidInput("step", "Please choose approve, hide, restore or keep up.")
    reason = clean_reason(reason)
    states, after, kind = _POST_STEPS[step]
    now = timezone.now()
    open_reports = Report.objects.filter(post=post, resolved_at__isnull=True)
    if step == "dismiss" and not open_reports.exists():
        raise NothingToDo(wording.NOTHING_TO_KEEP_UP)
    changed = Post.objects.filter(pk=post.pk, state__in=states).update(state=after, changed_at=now)
    if not changed:
        raise InvalidInput("step", "That post has changed since; please look at it again.")
    post.state = after
    _resolve_reports(post, now)
    return _log(kind=kind, by=by, reason=reason, group_id=post.group_id, post=post)


@transaction.atomic
def mute_member(*, seat: GroupMember, duration: str, by: User, reason: str) -> ModerationAction:
    """Pause a member's posting for 24 hours or 7 days (they still read the group)."""
    if duration not in MUTE_HOURS:
        raise InvalidInput("duration", "Please choose 24 hours or 7 days.")
    reason = clean_reason(reason)
    if seat.status != SeatStatus.ACTIVE:
        raise InvalidInput("seat", "Only a current member's posting can be paused.")
    until = timezone.now() + dt.timedelta(hours=MUTE_HOURS[duration])
    GroupMember.objects.filter(pk=seat.pk).update(muted_until=until)
    seat.muted_until = until
    return _log(
        kind=ModerationKind.MUTE,
        by=by,
        reason=reason,
        group_id=seat.group_id,
        seat=seat,
        until=until,
    )


@transaction.atomic
def unmute_member(*, seat: GroupMember, by: User, reason: str) -> ModerationAction:
    """Let a paused member post again before the pause ends (nothing to do if it isn't on)."""
    reason = clean_reason(reason)
    paused = GroupMember.objects.filter(pk=seat.pk, muted_until__gt=timezone.now())
    if not paused.update(muted_until=None):
        raise NothingToDo(wording.NOT_PAUSED.format(alias=seat.alias or "They"))
    seat.muted_until = None
    return _log(kind=ModerationKind.UNMUTE, by=by, reason=reason, group_id=seat.group_id, seat=seat)


@transaction.atomic
def remove_member(*, seat: GroupMember, by: User, reason: str) -> ModerationAction:
    """Remove a member: they can no longer read or post; their posts stay unless hidden."""
    reason = clean_reason(reason)
    if seat.status not in (SeatStatus.ACTIVE, SeatStatus.REQUESTED, SeatStatus.INVITED):
        raise InvalidInput("seat", "They are not in the group now.")
    GroupMember.objects.filter(pk=seat.pk).update(
        status=SeatStatus.REMOVED, ended_at=timezone.now()
    )
    seat.status = SeatStatus.REMOVED
    return _log(kind=ModerationKind.REMOVE, by=by, reason=reason, group_id=seat.group_id, seat=seat)


@transaction.atomic
def admit_member(*, seat: GroupMember, by: User, reason: str) -> ModerationAction:
    """Let in someone who asked to join (under the alias they chose), if there is room."""
    reason = clean_reason(reason)
    group = locked_group(seat.group)
    if seat.status != SeatStatus.REQUESTED:
        raise InvalidInput("seat", "Only someone who asked to join can be let in.")
    check_room_for_one(group)
    GroupMember.objects.filter(pk=seat.pk).update(
        status=SeatStatus.ACTIVE, joined_at=timezone.now()
    )
    seat.status = SeatStatus.ACTIVE
    return _log(kind=ModerationKind.ADMIT, by=by, reason=reason, group_id=seat.group_id, seat=seat)
