"""Peer groups: the group, its facilitators, members under aliases, posts and replies, "with
you", reports, the moderation log, and whether a client shares participation counts.

A group is visible only to its members and facilitators, and no page, API answer or
notification of a group carries a member's real name: members appear by the alias they chose.
Posts are encrypted at rest; a deleted post (by its writer, or with the writer's account)
stays in the thread as a tombstone without content, so replies keep their place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client, Program, User

BODY_MAX_LENGTH = 5000
ALIAS_MAX_LENGTH = 40
DEFAULT_SIZE_LIMIT = 12


class PeerGroupQuerySet(models.QuerySet["PeerGroup"]):
    def in_program(self, program_id: int) -> PeerGroupQuerySet:
        return self.filter(program_id=program_id)

    def facilitated_by(self, user: User) -> PeerGroupQuerySet:
        return self.filter(facilitators__user=user)


class PeerGroup(models.Model):
    """A small group with a purpose, one or more named facilitators and a size limit."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="peer_groups")
    name = models.CharField(max_length=80)
    purpose = models.CharField(max_length=500)
    rhythm = models.CharField(max_length=120, blank=True)  # "Tuesdays, 7–8 pm"
    size_limit = models.PositiveSmallIntegerField(default=DEFAULT_SIZE_LIMIT)
    # Listed groups appear to the program's clients, who may ask to join.
    listed = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeerGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="group_name_once"),
        ]

    def __str__(self) -> str:
        return f"peer group {self.pk}"


class Facilitator(models.Model):
    """A peer recovery specialist or clinician who facilitates a group (named to members)."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="facilitating")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="facilitate_once"),
        ]

    def __str__(self) -> str:
        return f"facilitator {self.user_id} of group {self.group_id}"


class SeatStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REQUESTED = "requested", "Asked to join"
    ACTIVE = "active", "Member"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"


class GroupMemberQuerySet(models.QuerySet["GroupMember"]):
    def active(self) -> GroupMemberQuerySet:
        return self.filter(status=SeatStatus.ACTIVE)

    def taking_a_place(self) -> GroupMemberQuerySet:
        """Members and those a facilitator is asked to approve (an invitation takes no place
        until it is accepted)."""
        return self.filter(status__in=(SeatStatus.ACTIVE, SeatStatus.REQUESTED))


class GroupMember(models.Model):
    """A client's place in a group: invited or asking, then a member under an alias once they
    accept the group agreements; later left or removed (the row stays for the log)."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="group_seats")
    alias = models.CharField(max_length=ALIAS_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=12, choices=SeatStatus.choices)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreements_version = models.CharField(max_length=16, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # left or removed
    muted_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Every post and reply the member wrote, counted as it is written: a new member's first
    # few are held for review, and the count decides it without counting rows.
    posts_written = models.PositiveIntegerField(default=0)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "client"], name="one_seat_per_group"),
            models.UniqueConstraint(
                "group", Lower("alias"), condition=~Q(alias=""), name="alias_once_per_group"
            ),
        ]
        indexes = [models.Index(fields=["group", "status"], name="group_member_status")]

    def __str__(self) -> str:
        return f"seat {self.pk} in group {self.group_id}"

    def muted_at(self, now: dt.datetime) -> bool:
        return self.muted_until is not None and self.muted_until > now


class PostState(models.TextChoices):
    PUBLISHED = "published", "Published"
    HELD = "held", "Waiting for a facilitator"
    HIDDEN = "hidden", "Hidden by a facilitator"
    DELETED = "deleted", "Deleted"


class HeldBecause(models.TextChoices):
    NEW_MEMBER = "new_member", "A new member's first posts"
    WORRYING = "worrying", "Words that worry us"


class PostQuerySet(models.QuerySet["Post"]):
    def in_group(self, group_id: int) -> PostQuerySet:
        return self.filter(group_id=group_id)

    def newest_first(self) -> PostQuerySet:
        return self.order_by("-created_at", "-id")

    def shown_to(self, member_id: int | None) -> PostQuerySet:
        """What the thread shows one reader: every post but the held ones, except the reader's
        own (a writer sees their held post, marked as waiting)."""
        held_of_others = Q(state=PostState.HELD) & ~Q(member_id=member_id)
        return self.exclude(held_of_others) if member_id else self.exclude(state=PostState.HELD)


class Post(models.Model):
    """A post or a reply in a group, under the writer's alias. Text only, encrypted at rest."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="posts")
    # Set null when the writer's account is deleted; the post is a tombstone by then.
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    alias = models.CharField(max_length=ALIAS_MAX_LENGTH, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    body = EncryptedTextField(blank=True)
    state = models.CharField(max_length=12, choices=PostState.choices)
    held_because = models.CharField(max_length=12, choices=HeldBecause.choices, blank=True)
    worrying = models.BooleanField(default=False)
    phrase_list_version = models.CharField(max_length=32, blank=True)
    crisis_resources_shown = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)
    client_request_id = models.CharField(max_length=64, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "client_request_id"],
                condition=~Q(client_request_id=""),
                name="post_once_per_request",
            )
        ]
        indexes = [
            # Thread pages are read newest first by (created_at, id).
            models.Index(fields=["group", "created_at", "id"], name="post_group_time"),
            models.Index(fields=["group", "state"], name="post_group_state"),
            models.Index(fields=["member", "created_at"], name="post_member_time"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.state == PostState.DELETED:
            self.body = ""  # a tombstone keeps its place, never its words
        super().save(*args, **kwargs)


class WithYou(models.Model):
    """A member's "with you" on a post: support without a score."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="with_you")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="with_you_once")]

    def __str__(self) -> str:
        return f"with you on post {self.post_id}"


class ReportReason(models.TextChoices):
    UNKIND = "unkind", "Unkind or harassing"
    IDENTITY = "identity", "Shares someone's identity"
    SOLICITING = "soliciting", "Dating, soliciting or selling"
    UNSAFE = "unsafe", "Someone may not be safe"
    OTHER = "other", "Something else"


class Report(models.Model):
    """A member reports a post to the facilitators (once per post and member)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=12, choices=ReportReason.choices)
    # What the reporter adds in their own words: encrypted at rest, like the post itself.
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="report_once_per_member")
        ]

    def __str__(self) -> str:
        return f"report {self.pk} of post {self.post_id}"


class ModerationKind(models.TextChoices):
    APPROVE = "approve", "approved a held post"
    HIDE = "hide", "hid a post"
    RESTORE = "restore", "restored a post"
    DISMISS = "dismiss", "kept a reported post up"
    MUTE = "mute", "paused a member's posting"
    UNMUTE = "unmute", "let a member post again"
    REMOVE = "remove", "removed a member"
    ADMIT = "admit", "let someone join"


class ModerationAction(models.Model):
    """One moderation step, with its reason: the group's log for facilitators and program
    admins. Names the member by alias only, and never copies a post's words."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="moderation")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alias = models.CharField(max_length=ALIAS_MAX_LENGTH, blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=ModerationKind.choices)
    # The facilitator's reason may say something about a member: encrypted at rest.
    reason = EncryptedTextField()
    until = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"moderation {self.pk} in group {self.group_id}"


class ParticipationSharing(models.Model):
    """The client's switch on the sharing page: whether their care team sees how often they
    take part in groups (counts, never content). Off until the client turns it on."""

    client = models.OneToOneField(
        Client, primary_key=True, on_delete=models.CASCADE, related_name="group_sharing"
    )
    counts_shared = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"group sharing of client {self.client_id}"
