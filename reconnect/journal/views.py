"""The client's own journal pages: check in, the tools, the circle, progress, reminders."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.core.input import IdempotencyConflict, InvalidInput, show_on_form
from reconnect.journal import actions
from reconnect.journal.charts import checkin_chart
from reconnect.journal.forms import (
    CheckInForm,
    CircleMemberForm,
    ContactForm,
    ReminderForm,
    ToolUseForm,
)
from reconnect.journal.models import (
    CheckIn,
    CircleMember,
    ReminderChannel,
    ReminderPreference,
    Tool,
)
from reconnect.journal.progress import days_reached_out, state_counts, summary
from reconnect.journal.timeline import (
    RANGES,
    care_team_names,
    circle_activity,
    days_for,
    local_today,
    peer_names,
    range_bounds,
)
from reconnect.notifications.reach import details_for, why_no_texts
from reconnect.people import timezones
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.safety.actions import current_plan

TOOL_TEMPLATES: dict[str, str] = {
    Tool.GROUNDING: "journal/tools/grounding.html",
    Tool.BREATHING: "journal/tools/breathing.html",
    Tool.SELF_COMPASSION: "journal/tools/self_compassion.html",
}


@role_required(Role.CLIENT)
def checkin_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 30-second check-in: one choice is enough; everything else can be skipped."""
    client = gate.own_record(request.user)
    circle = CircleMember.objects.for_client(client)
    form = CheckInForm(request.POST or None, circle=circle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkin, _ = actions.record_checkin(
                client=client,
                state=data["state"],
                craving=data["craving"],
                connected=data["connected"],
                circle_member_ids=[m.pk for m in data["circle_members"]],
                note=data["note"],
                client_request_id=data["client_request_id"],
                recorded_at=actions.when_made(data["made_at"]),
            )
        except InvalidInput as error:
            show_on_form(form, error)
        except IdempotencyConflict:
            form.add_error(None, "This check-in was already saved. Please start a new one.")
        else:
            return redirect("journal:after_checkin", checkin_id=checkin.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "journal/checkin.html",
        {"form": form, "care_team": care_team_names(client), "peers": peer_names(client)},
        status=status,
    )


@role_required(Role.CLIENT)
def after_checkin(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    """ "What do I need right now?": tools offered, never forced."""
    client = gate.own_record(request.user)
    checkin = get_object_or_404(CheckIn.objects.for_client(client), pk=checkin_id)
    return render(
        request,
        "journal/after_checkin.html",
        {"checkin": checkin, "tools": Tool, "has_plan": current_plan(client) is not None},
    )


@role_required(Role.CLIENT)
def checkin_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every check-in, in order, with private notes (shown only to the client)."""
    client = gate.own_record(request.user)
    checkins = CheckIn.objects.for_client(client).prefetch_related("circle_members")
    page = Paginator(checkins.order_by("-recorded_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "journal/checkin_list.html",
        {"page": page, "care_team": care_team_names(client), "peers": peer_names(client)},
    )


@role_required(Role.CLIENT)
@require_POST
def note_share(request: AuthenticatedHttpRequest, checkin_id: int) -> HttpResponse:
    """Share a private note with the care team, or make it private again."""
    client = gate.own_record(request.user)
    checkin = get_object_or_404(CheckIn.objects.for_client(client), pk=checkin_id)
    actions.share_note(checkin=checkin, shared=request.POST.get("shared") == "1")
    messages.success(
        request,
        "Your care team can now read this note."
        if checkin.note_shared
        else "This note is private again.",
    )
    return redirect("journal:checkin_list")


@role_required(Role.CLIENT)
def tool(request: AuthenticatedHttpRequest, tool: str) -> HttpResponse:
    """A short practice (grounding, breathing, self-compassion) with optional before/after."""
    if tool not in TOOL_TEMPLATES:
        raise Http404("No such tool.")
    client = gate.own_record(request.user)
    form = ToolUseForm(request.POST or None, initial={"checkin": request.GET.get("checkin")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A replay of the same practice was already saved; nothing more to do.
        with contextlib.suppress(IdempotencyConflict):
            actions.record_tool_use(
                client=client,
                tool=tool,
                strength_before=data["strength_before"],
                strength_after=data["strength_after"],
                checkin_id=data["checkin"],
                client_request_id=data["client_request_id"],
            )
        messages.success(request, "Thank you for taking this moment for yourself.")
        return redirect("journal:tools")
    return render(request, TOOL_TEMPLATES[tool], {"form": form, "tool": tool})


@role_required(Role.CLIENT)
def tools(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The toolkit, with what has helped this person before."""
    client = gate.own_record(request.user)
    helped = actions.tool_effects(client)
    return render(
        request,
        "journal/tools.html",
        {"helped": helped, "tools": Tool, "care_team": care_team_names(client)},
    )


@role_required(Role.CLIENT)
def circle(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My circle: who supports me, how to reach them, and who I've been in touch with lately."""
    client = gate.own_record(request.user)
    members = CircleMember.objects.for_client(client)
    rows, reached_this_week = circle_activity(client)
    return render(
        request,
        "journal/circle.html",
        {
            "rows": rows,
            "reached_this_week": reached_this_week,
            "member_form": CircleMemberForm(),
            "contact_form": ContactForm(circle=members),
            "care_team": care_team_names(client),
            "peers": peer_names(client),
        },
    )


@role_required(Role.CLIENT)
def circle_member_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = gate.own_record(request.user)
    form = CircleMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_circle_member(client=client, **form.cleaned_data)
        except InvalidInput as error:
            show_on_form(form, error)
        except IdempotencyConflict:
            form.add_error(None, "This was already saved.")
        else:
            messages.success(request, f"{form.cleaned_data['name']} is in your circle.")
            return redirect("journal:circle")
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/circle_member_form.html", {"form": form}, status=status)


@role_required(Role.CLIENT)
def circle_member_edit(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    client = gate.own_record(request.user)
    member = get_object_or_404(CircleMember.objects.for_client(client), pk=member_id)
    initial = {f: getattr(member, f) for f in actions.CIRCLE_FIELDS}
    form = CircleMemberForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("remove"):
            actions.remove_circle_member(member=member)
            messages.success(request, f"{member.name} was removed from your circle.")
            return redirect("journal:circle")
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k in actions.CIRCLE_FIELDS}
            actions.update_circle_member(member=member, **values)
            messages.success(request, "Saved.")
            return redirect("journal:circle")
    return render(request, "journal/circle_member_form.html", {"form": form, "member": member})


@role_required(Role.CLIENT)
@require_POST
def contact_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log a reaching-out moment."""
    client = gate.own_record(request.user)
    members = CircleMember.objects.for_client(client)
    form = ContactForm(request.POST, circle=members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.log_contact(
                client=client,
                circle_member_id=data["circle_member"].pk if data["circle_member"] else None,
                channel=data["channel"],
                felt=data["felt"],
                client_request_id=data["client_request_id"],
            )
        except (InvalidInput, IdempotencyConflict) as error:
            messages.error(request, getattr(error, "message", str(error)))
        else:
            messages.success(request, "Noted. Reaching out takes courage.")
        return redirect("journal:circle")
    rows, reached = circle_activity(client)
    return render(
        request,
        "journal/circle.html",
        {
            "rows": rows,
            "reached_this_week": reached,
            "member_form": CircleMemberForm(),
            "contact_form": form,
            "care_team": care_team_names(client),
            "peers": peer_names(client),
        },
        status=400,
    )


@role_required(Role.CLIENT)
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My progress: charts with a text alternative, a plain summary, counts that never reset."""
    client = gate.own_record(request.user)
    return render(request, "journal/progress.html", progress_context(client, request.GET))


def progress_context(client: Client, query: QueryDict) -> dict[str, object]:
    """What the progress page shows, for the client and (through the gate) their clinician."""
    all_days = days_for(client)
    key = query.get("range", "2w") if query.get("range") in RANGES else "2w"
    label, start, end = range_bounds(key, all_days)
    shown = [d for d in all_days if start <= d.day <= end]
    return {
        "client": client,
        "ranges": RANGES,
        "range": key,
        "range_label": label,
        "chart": checkin_chart(shown, start, end, f"Check-ins, {label.lower()}"),
        "days": shown,
        "summary": summary(all_days, local_today()),
        "days_reached_out": days_reached_out(all_days),
        "checkin_days": len(all_days),
        "state_counts": state_counts(shown),
        "care_team": care_team_names(client),
    }


@role_required(Role.CLIENT)
def reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Whether, when and how to be reminded; pause any time."""
    client = gate.own_record(request.user)
    preference, _ = ReminderPreference.objects.get_or_create(client=client)
    user = request.user
    initial = {
        "enabled": preference.enabled,
        "time_of_day": preference.time_of_day,
        "timezone_name": user.time_zone,
        "channel": preference.channel,
        "paused_until": preference.paused_until,
    }
    program_zone = timezones.program_zone(client.program)
    zones = timezones.choices(
        user.time_zone, default_label=f"The program's ({timezones.label(program_zone)})"
    )
    form = ReminderForm(request.POST or None, initial=initial, zone_choices=zones)
    if request.method == "POST" and form.is_valid():
        choices = {**form.cleaned_data}
        choices["channel"] = choices["channel"] or preference.channel
        if "timezone_name" not in request.POST:  # left out: the time zone stays as it was
            choices["timezone_name"] = user.time_zone
        try:
            actions.set_reminders(preference=preference, **choices)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, "Your reminder choices are saved.")
            return redirect("journal:reminders")
    deliveries = client.reminder_deliveries.all()[:10]
    texts_off = (
        why_no_texts(details_for(client)) if preference.channel == ReminderChannel.TEXT else ""
    )
    return render(
        request,
        "journal/reminders.html",
        {"form": form, "deliveries": deliveries, "texts_off": texts_off},
    )
