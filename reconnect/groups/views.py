"""Member pages of a peer group: my groups, joining under an alias, the thread (facilitators
read it too), replying, "with you", reporting, deleting one's own post, leaving, and the
sharing switch. Forms work without JavaScript. No page here shows a member's real name."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.conversations.hours import day_and_clock
from reconnect.core import worry
from reconnect.core.crisis import CRISIS_LINES
from reconnect.core.input import IdempotencyConflict, InvalidInput, show_on_form
from reconnect.core.language import check_language
from reconnect.groups import actions, pages, reach, wording
from reconnect.groups.forms import JoinForm, PostForm, ReportForm
from reconnect.groups.models import (
    Facilitator,
    GroupMember,
    PeerGroup,
    Post,
    PostState,
    SeatStatus,
)
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role
from reconnect.safety.actions import current_plan

READERS = (Role.CLIENT, Role.PEER, Role.CLINICIAN)


def _facilitator_names(group: PeerGroup) -> list[str]:
    found = Facilitator.objects.filter(group=group).select_related("user").order_by("id")
    return [f.user.display_name for f in found]


def _agreements(group: PeerGroup) -> dict[str, object]:
    held = actions.first_posts_held()
    return {
        "agreements": wording.AGREEMENTS,
        "facilitators_do": [line.format(held=held) for line in wording.FACILITATORS_DO],
        "no_direct_messages": wording.NO_DIRECT_MESSAGES,
        "facilitator_names": _facilitator_names(group),
    }


@role_required(Role.CLIENT)
def my_groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My groups, invitations waiting for an answer, and listed groups I may ask to join."""
    client = gate.own_record(request.user)
    seats = list(
        GroupMember.objects.filter(client=client)
        .exclude(status=SeatStatus.DECLINED)
        .select_related("group")
        .order_by("group__name")
    )
    taken = {s.group_id for s in seats if s.status != SeatStatus.LEFT}
    listed = PeerGroup.objects.in_program(client.program_id).filter(listed=True)
    return render(
        request,
        "groups/mine.html",
        {
            "seats": seats,
            "listed": [g for g in listed if g.pk not in taken],
            "no_direct_messages": wording.NO_DIRECT_MESSAGES,
            "shared": pages.counts_shared(client),
        },
    )


def _open_to(client_seat: GroupMember | None, group: PeerGroup) -> bool:
    """Whether the join page is open: an invitation to answer, or a listed group to ask."""
    if client_seat is not None and client_seat.status == SeatStatus.INVITED:
        return True
    if client_seat is not None and client_seat.status == SeatStatus.REMOVED:
        return False
    return group.listed


@role_required(Role.CLIENT)
def join(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Choose an alias and accept the agreements: joins an invited group, or asks to join a
    listed one."""
    client = gate.own_record(request.user)
    place = reach.place_in(request.user, group_id)
    seat = place.seat
    if seat is not None and seat.status == SeatStatus.ACTIVE:
        return redirect("groups:thread", group_id=place.group.pk)
    if not _open_to(seat, place.group):
        raise Http404("No such group.")
    form = JoinForm(request.POST or None, initial={"alias": seat.alias if seat else ""})
    warning = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            joined = actions.join_group(
                group=place.group,
                client=client,
                alias=data["alias"],
                agreed=data["agreed"],
                use_anyway=data["use_anyway"],
            )
        except actions.AliasLooksReal as looks_real:
            # A gentle warning, not an error: the member may keep the name if they are sure.
            warning = looks_real.message
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            if joined.status == SeatStatus.ACTIVE:
                messages.success(request, f"Welcome to {place.group.name}, {joined.alias}.")
                return redirect("groups:thread", group_id=place.group.pk)
            messages.success(request, "Asked. A facilitator will let you in soon.")
            return redirect("groups:mine")
    return render(
        request,
        "groups/join.html",
        {
            "group": place.group,
            "seat": seat,
            "form": form,
            "warning": warning,
            "invited": seat is not None and seat.status == SeatStatus.INVITED,
            **_agreements(place.group),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.CLIENT)
@require_POST
def decline(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    place = reach.place_in(request.user, group_id)
    if place.seat is None or place.seat.status != SeatStatus.INVITED:
        raise Http404("No invitation to this group.")
    actions.decline_invitation(seat=place.seat)
    messages.success(request, "You said no, thank you. Your care team will see that.")
    return redirect("groups:mine")


def _submit(
    request: AuthenticatedHttpRequest, form: PostForm, seat: GroupMember, reply_to: int | None
) -> tuple[actions.Posted | None, str]:
    """Post the form's text, or offer the gentle language suggestion first (once; never a
    block). Returns the post, or the suggestion to show (with reasons on the form)."""
    if not form.is_valid():
        return None, ""
    body = form.cleaned_data["body"]
    # Words that worry us post at once, so the crisis resources show without a step between.
    if not form.cleaned_data["language_checked"] and not worry.check(body).worrying:
        flags = check_language(body)
        if flags:
            first = flags[0]
            return None, wording.LANGUAGE_SUGGESTION.format(
                suggestion=f"“{first.suggestion}”", term=first.term
            )
    try:
        return (
            actions.write_post(
                seat=seat,
                body=body,
                reply_to=reply_to,
                client_request_id=form.cleaned_data["client_request_id"],
            ),
            "",
        )
    except InvalidInput as error:
        show_on_form(form, error)
    except IdempotencyConflict:
        form.add_error(None, wording.ALREADY_POSTED)
    return None, ""


def _checked(request: HttpRequest, label: str = "") -> PostForm:
    """The same text again, marked as having seen the suggestion (so the next send posts)."""
    data = request.POST.copy()
    data["language_checked"] = "True"
    return PostForm(data, label=label)


def _after_post(group_id: int, posted: actions.Posted) -> HttpResponse:
    # The crisis words come first on the screen the writer lands on (§4.1).
    anchor = "#worry-h" if posted.crisis_resources_shown else f"#post-{posted.post.pk}"
    url = reverse("groups:thread", kwargs={"group_id": group_id})
    return redirect(f"{url}?posted={posted.post.pk}{anchor}")


@role_required(*READERS)
def thread(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """The group's thread, newest page first, under aliases; members post here."""
    place = reach.reader(request.user, group_id)
    seat = place.seat if place.is_member else None
    # Every time in the reader's own time zone (the member's, or the facilitator's).
    zone = timezone.get_current_timezone_name()
    muted = _paused(seat, zone)
    form = PostForm(request.POST or None)
    suggestion = ""
    if request.method == "POST":
        if seat is None:
            raise Http404("Only members post in the group.")
        posted, suggestion = _submit(request, form, seat, None)
        if posted is not None:
            return _after_post(place.group.pk, posted)
        if suggestion:
            form = _checked(request)
    page = pages.thread_page(place.group, request.GET.get("page"), seat=seat, zone=zone)
    if place.facilitator:
        gate.record_summaries(
            request.user,
            page.author_client_ids,
            category=Category.GROUPS,
            where="a peer group they facilitate",
        )
    just_posted = _just_posted(request, seat)
    return render(
        request,
        "groups/thread.html",
        {
            "place": place,
            "group": place.group,
            "seat": seat,
            "thread": page,
            "page": page.page,
            "form": form if seat is not None and not muted else None,
            "muted": muted,
            "muted_reading": wording.MUTED_READING,
            "suggestion": suggestion,
            "just_posted": just_posted,
            "worrying_words": wording.WORRYING_WORDS_SHOWN,
            "crisis_lines": CRISIS_LINES,
            "has_plan": seat is not None
            and bool(just_posted and just_posted.crisis_resources_shown)
            and current_plan(seat.client) is not None,
            "links_allowed": settings.RECONNECT["GROUP_LINKS"],
            **_agreements(place.group),
        },
        status=(200 if suggestion else 400) if request.method == "POST" else 200,
    )


def _paused(seat: GroupMember | None, zone: str) -> str:
    """For a member whose posting a facilitator paused: until when, in their time zone ("")."""
    if seat is None or not seat.muted_at(timezone.now()):
        return ""
    assert seat.muted_until is not None  # noqa: S101 (muted_at checked it)
    return wording.MUTED.format(until=day_and_clock(seat.muted_until, zone))


def _just_posted(request: HttpRequest, seat: GroupMember | None) -> Post | None:
    raw = request.GET.get("posted", "")
    if seat is None or not raw.isdigit():
        return None
    return Post.objects.filter(pk=int(raw), member=seat).first()


def _member_post(
    request: AuthenticatedHttpRequest, group_id: int, post_id: int, *, published: bool = False
) -> tuple[reach.Place, GroupMember, Post]:
    """A member of this group and a post of this group they can see; else 404. With
    `published`, only a post the group sees: the reply and report pages quote the post, and a
    hidden post's words stay hidden (a held or deleted one has none to show)."""
    place = reach.reader(request.user, group_id)
    if not place.is_member or place.seat is None:
        raise Http404("Only members do that.")
    posts = Post.objects.in_group(place.group.pk).shown_to(place.seat.pk)
    if published:
        posts = posts.filter(state=PostState.PUBLISHED)
    post = posts.filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    return place, place.seat, post


@role_required(Role.CLIENT)
def reply(request: AuthenticatedHttpRequest, group_id: int, post_id: int) -> HttpResponse:
    """Reply to one post (the reply appears in the thread, marked as a reply)."""
    place, seat, post = _member_post(request, group_id, post_id, published=True)
    muted = _paused(seat, timezone.get_current_timezone_name())
    label = f"Reply to {post.alias or pages.FORMER_MEMBER}"
    form = PostForm(request.POST or None, label=label)
    suggestion = ""
    if request.method == "POST":
        posted, suggestion = _submit(request, form, seat, post.pk)
        if posted is not None:
            return _after_post(place.group.pk, posted)
        if suggestion:
            form = _checked(request, label)
    return render(
        request,
        "groups/reply.html",
        {
            "group": place.group,
            "post": post,
            "alias": post.alias or pages.FORMER_MEMBER,
            "form": None if muted else form,
            "muted": muted,
            "muted_reading": wording.MUTED_READING,
            "suggestion": suggestion,
        },
        status=(200 if suggestion else 400) if request.method == "POST" else 200,
    )


@role_required(Role.CLIENT)
@require_POST
def with_you(request: AuthenticatedHttpRequest, group_id: int, post_id: int) -> HttpResponse:
    place, seat, post = _member_post(request, group_id, post_id)
    try:
        actions.toggle_with_you(seat=seat, post=post)
    except InvalidInput as error:
        messages.error(request, error.message)
    url = reverse("groups:thread", kwargs={"group_id": place.group.pk})
    return redirect(f"{url}?page={request.POST.get('page', '1')}#post-{post.pk}")


@role_required(Role.CLIENT)
def report(request: AuthenticatedHttpRequest, group_id: int, post_id: int) -> HttpResponse:
    """Report a post to the facilitators, with a reason."""
    place, seat, post = _member_post(request, group_id, post_id, published=True)
    own = post.member_id == seat.pk
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_post(seat=seat, post=post, **form.cleaned_data)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, "Thank you. A facilitator will look at it.")
            return redirect("groups:thread", group_id=place.group.pk)
    return render(
        request,
        "groups/report.html",
        {
            "group": place.group,
            "post": post,
            "alias": post.alias or pages.FORMER_MEMBER,
            "form": form,
            "own": own,
            "own_words": wording.REPORT_OWN_PAGE,
        },
        status=400 if request.method == "POST" else 200,
    )


def _confirmed(request: HttpRequest) -> bool:
    """A step that cannot be taken back asks first: it happens only on the confirmation page's
    own submit (without JavaScript too); a first tap, or a GET, shows that page."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


@role_required(Role.CLIENT)
def delete_post(request: AuthenticatedHttpRequest, group_id: int, post_id: int) -> HttpResponse:
    """Delete my own post, after a confirmation: a tombstone without content stays."""
    place, seat, post = _member_post(request, group_id, post_id)
    if post.member_id != seat.pk or post.state == PostState.DELETED:
        raise Http404("Only your own post, once.")
    if not _confirmed(request):
        return render(
            request,
            "groups/confirm_delete.html",
            {"group": place.group, "post": post, "hidden": post.state == PostState.HIDDEN},
        )
    try:
        actions.delete_own_post(seat=seat, post=post)
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your post is deleted. A note that it was deleted stays.")
    return redirect("groups:thread", group_id=place.group.pk)


@role_required(Role.CLIENT)
def leave(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Leave the group (or take back a request to join), after a confirmation."""
    place = reach.place_in(request.user, group_id)
    if place.seat is None or place.seat.status not in (SeatStatus.ACTIVE, SeatStatus.REQUESTED):
        raise Http404("Not in this group.")
    if not _confirmed(request):
        asked = place.seat.status == SeatStatus.REQUESTED
        return render(
            request,
            "groups/confirm_leave.html",
            {"group": place.group, "seat": place.seat, "asked": asked},
        )
    actions.leave_group(seat=place.seat)
    if place.seat.status == SeatStatus.REQUESTED:
        messages.success(request, f"You took back your request to join {place.group.name}.")
        return redirect("groups:mine")
    back = (
        "You're welcome back any time."
        if place.group.listed
        else "Your care team can invite you back any time."
    )
    messages.success(request, f"You left {place.group.name}. {back}")
    return redirect("groups:mine")


@role_required(Role.CLIENT)
@require_POST
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The switch on the sharing page: participation counts for the care team, or not."""
    client = gate.own_record(request.user)
    shared = request.POST.get("counts_shared") == "on"
    actions.share_participation(client=client, shared=shared)
    messages.success(
        request,
        "Your care team now sees how often you take part in groups (never what you write)."
        if shared
        else "Your care team no longer sees how often you take part in groups.",
    )
    return redirect(f"{reverse('consent:sharing')}#groups-h")
