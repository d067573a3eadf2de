"""Staff pages of peer groups: the groups one facilitates (a program admin: all of the
program's), starting a group, the facilitators' queue and members list with their moderation
steps, the moderation log, and a client's groups for their care team (invitations and, when
the client shares them, participation counts). Group pages name members by alias only."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.groups import actions, moderation, pages, reach
from reconnect.groups.forms import GroupForm, InviteForm, ModerationForm
from reconnect.groups.models import GroupMember, ModerationAction, PeerGroup, Post, SeatStatus
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Role, User

STEP_WORDS = {
    "approve": "The post is approved and the group can see it.",
    "hide": "The post is hidden.",
    "restore": "The post is back in the thread.",
    "dismiss": "The post stays up; the reports on it are closed.",
}


@role_required(Role.PEER, Role.CLINICIAN, Role.ADMIN)
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The groups I facilitate, with what waits in each queue (an admin: every group of the
    program, without posts)."""
    program = program_of(request)
    groups = PeerGroup.objects.in_program(program.pk)
    if request.user.role != Role.ADMIN:
        groups = groups.facilitated_by(request.user)
    rows = list(groups.prefetch_related("facilitators__user"))
    waiting = pages.queue_counts([g.pk for g in rows]) if request.user.role != Role.ADMIN else {}
    members = dict(
        GroupMember.objects.filter(group__in=rows, status=SeatStatus.ACTIVE)
        .values_list("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return render(
        request,
        "groups/list.html",
        {
            "rows": [(g, members.get(g.pk, 0), waiting.get(g.pk, pages.Waiting())) for g in rows],
            "may_start": request.user.role in (Role.PEER, Role.ADMIN),
        },
    )


def _facilitator_choices(program_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__program_id=program_id,
        memberships__role__in=(Role.PEER, Role.CLINICIAN),
        is_active=True,
    ).order_by("display_name")


@role_required(Role.PEER, Role.ADMIN)
def group_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    program = program_of(request)
    people = _facilitator_choices(program.pk)
    form = GroupForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = actions.create_group(
                program=program,
                name=data["name"],
                purpose=data["purpose"],
                rhythm=data["rhythm"],
                size_limit=data["size_limit"],
                listed=data["listed"],
                facilitators=list(data["facilitators"]),
                created_by=request.user,
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{group.name} is ready. Invite people from their page.")
            return redirect("groups:list")
    return render(
        request, "groups/new.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@role_required(Role.PEER, Role.CLINICIAN)
def queue(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Held and reported posts, urgent first, oldest first within each; then who asked to
    join. Times in the facilitator's own time zone."""
    place = reach.facilitating(request.user, group_id)
    zone = timezone.get_current_timezone_name()
    items = pages.queue(place.group, zone=zone)
    authors = Post.objects.filter(pk__in=[i.post_id for i in items], member__isnull=False)
    gate.record_summaries(
        request.user,
        authors.values_list("member__client_id", flat=True),
        category=Category.GROUPS,
        where="a peer group they facilitate",
    )
    return render(
        request,
        "groups/queue.html",
        {
            "group": place.group,
            "items": items,
            "requests": pages.join_requests(place.group, zone=zone),
            "form": ModerationForm(),
        },
    )


@role_required(Role.PEER, Role.CLINICIAN)
@require_POST
def moderate_post(request: AuthenticatedHttpRequest, group_id: int, post_id: int) -> HttpResponse:
    place = reach.facilitating(request.user, group_id)
    post = Post.objects.in_group(place.group.pk).filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    step = request.POST.get("step", "")
    try:
        moderation.moderate_post(
            post=post, step=step, by=request.user, reason=request.POST.get("reason", "")
        )
    except InvalidInput as error:
        messages.error(request, error.message)
    except moderation.NothingToDo as nothing:
        messages.info(request, nothing.message)
    else:
        messages.success(request, STEP_WORDS.get(step, "Done."))
    if request.POST.get("back") == "thread":  # hide or restore from the thread itself
        url = reverse("groups:thread", kwargs={"group_id": place.group.pk})
        return redirect(f"{url}#post-{post.pk}")
    return redirect("groups:queue", group_id=place.group.pk)


@role_required(Role.PEER, Role.CLINICIAN)
def members(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Members by alias: pause posting, let back, remove; let in those who asked."""
    place = reach.facilitating(request.user, group_id)
    return render(
        request,
        "groups/members.html",
        {"group": place.group, "members": pages.members(place.group), "now": timezone.now()},
    )


@role_required(Role.PEER, Role.CLINICIAN)
@require_POST
def moderate_member(request: AuthenticatedHttpRequest, group_id: int, seat_id: int) -> HttpResponse:
    place = reach.facilitating(request.user, group_id)
    seat = GroupMember.objects.filter(group=place.group, pk=seat_id).first()
    if seat is None:
        raise Http404("No such member.")
    step, reason = request.POST.get("step", ""), request.POST.get("reason", "")
    try:
        if step in moderation.MUTE_HOURS:
            moderation.mute_member(seat=seat, duration=step, by=request.user, reason=reason)
            done = f"{seat.alias} can't post until the pause ends."
        elif step == "unmute":
            moderation.unmute_member(seat=seat, by=request.user, reason=reason)
            done = f"{seat.alias} can post again."
        elif step == "remove":
            moderation.remove_member(seat=seat, by=request.user, reason=reason)
            done = f"{seat.alias or 'They'} is no longer in the group."
        elif step == "admit":
            moderation.admit_member(seat=seat, by=request.user, reason=reason)
            done = f"{seat.alias} is in the group."
        else:
            raise InvalidInput("step", "Please choose a step.")
    except InvalidInput as error:
        messages.error(request, error.message)
    except moderation.NothingToDo as nothing:
        messages.info(request, nothing.message)
    else:
        messages.success(request, done)
    if request.POST.get("back") == "queue":  # letting someone in from the queue
        return redirect("groups:queue", group_id=place.group.pk)
    return redirect("groups:members", group_id=place.group.pk)


@role_required(Role.PEER, Role.CLINICIAN, Role.ADMIN)
def log(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """Every moderation step with its reason; members by alias, no post's words."""
    place = reach.log_reader(request.user, group_id)
    entries = ModerationAction.objects.filter(group=place.group)[:200]
    return render(request, "groups/log.html", {"group": place.group, "entries": entries})


@role_required(Role.CLINICIAN, Role.SUPERVISOR, Role.PEER)
def client_groups(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A client's groups for their care team: invite them to one, and, when the client
    shares it, how often they take part (counts, never content). Audited as "peer group
    participation"."""
    inviting = request.method == "POST"
    if inviting and request.user.role == Role.SUPERVISOR:
        raise Http404("The care team invites; supervisors read.")
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.GROUPS,
        action=Action.CREATE if inviting else Action.VIEW,
    )
    on_team = bool(getattr(client, "on_team", False))
    if inviting and not on_team:
        raise Http404("Only the client's care team invites.")
    seats = list(
        GroupMember.objects.filter(client=client)
        .exclude(status=SeatStatus.DECLINED)
        .select_related("group")
        .order_by("group__name")
    )
    busy = {s.group_id for s in seats if s.status in (SeatStatus.ACTIVE, SeatStatus.INVITED)}
    open_groups = PeerGroup.objects.in_program(client.program_id).exclude(pk__in=busy)
    form = InviteForm(request.POST or None, groups=open_groups)
    if inviting and form.is_valid():
        group = form.cleaned_data["group"]
        try:
            actions.invite_member(group=group, client=client, invited_by=request.user)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{client.user.get_short_name()} is invited to {group.name}.")
            return redirect("groups:client", client_id=client.pk)
    shared = pages.counts_shared(client)
    return render(
        request,
        "groups/client.html",
        {
            "client": client,
            "seats": seats,
            "form": form if on_team else None,
            "shared": shared,
            "participation": pages.participation(client) if shared else None,
        },
        status=400 if inviting else 200,
    )
