"""The supporter's side: join or accept from an invitation, a calm home, guidance, encouragement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.consent.categories import labels
from reconnect.consent.forms import InviteForm
from reconnect.consent.models import ConsentGrant
from reconnect.core.crisis import CRISIS_LINES
from reconnect.core.input import IdempotencyConflict, InvalidInput, show_on_form
from reconnect.people.backends import SIGN_IN_BACKEND
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role, User
from reconnect.supporters import actions
from reconnect.supporters.forms import EncouragementForm, FinishJoiningForm, JoinForm
from reconnect.supporters.guide import DV_RESOURCES, GUIDE
from reconnect.supporters.models import JOIN_TRIES, Invitation, JoinRequest, SupporterLink

UNUSABLE = (
    "This invitation link can't be used. It may have expired (links last seven days) or "
    "been used already. Please ask the person who invited you for a new link."
)
LOCKED = (
    "This invitation link has been tried too many times, so it sends no more joining emails. "
    "If one of them reached you, the link in it still works. Otherwise, please ask the person "
    "who invited you for a new link."
)
JOIN_UNUSABLE = (
    "This joining link can't be used. It may have expired (joining links last 24 hours) or "
    "been used already. Open your invitation link again for a new one, or ask the person who "
    "invited you for a new link."
)


def _gone(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"status": 410, "message": message}, status=410)


def _already(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.info(
        request,
        f"You already support {invitation.client.user.get_short_name()}, so nothing has changed. "
        "If this link was meant for someone else, it still works for them.",
    )
    return redirect("supporters:home")


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request,
        f"You're now a supporter of {invitation.client.user.get_short_name()}. "
        "You'll see only what they choose to share.",
    )
    return redirect("supporters:home")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation: ask for a joining email, or accept with a supporter account."""
    try:
        invite = actions.find_invitation(token)
    except actions.InvitationUnusable:
        return _gone(request, UNUSABLE)
    user = request.user
    supporter = user if user.is_authenticated and user.role == Role.SUPPORTER else None
    if supporter is not None and request.method == "POST":
        try:
            actions.accept(raw=token, supporter=supporter)
        except actions.InvitationUnusable:
            return _gone(request, UNUSABLE)
        except actions.AlreadySupporting:
            return _already(request, invite)
        except InvalidInput as error:
            messages.error(request, error.message)
        else:
            return _welcome(request, invite)
    form = None
    if not user.is_authenticated:
        if invite.is_locked:
            return _gone(request, LOCKED)
        form = JoinForm(request.POST or None)
        if request.method == "POST":
            response = _ask_to_join(request, invite, form)
            if response is not None:
                return response
    return render(
        request,
        "supporters/invitation.html",
        {"invite": invite, "form": form, "signed_in_supporter": supporter is not None},
        status=400 if request.method == "POST" else 200,
    )


def _ask_to_join(request: HttpRequest, invite: Invitation, form: JoinForm) -> HttpResponse | None:
    """Count the try, then send the joining email: one answer for every address."""
    try:
        actions.count_join_try(invitation=invite)
    except actions.InvitationLocked:
        return _gone(request, LOCKED)
    if not form.is_valid():
        return None
    try:
        actions.request_to_join(
            invitation=invite,
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            link_for=lambda raw: request.build_absolute_uri(
                reverse("supporters:finish_joining", args=[raw])
            ),
        )
    except InvalidInput as error:
        show_on_form(form, error)
        return None
    return render(
        request,
        "supporters/check_email.html",
        {"hours": actions.JOIN_LINK_HOURS, "tries": JOIN_TRIES},
    )


def finish_joining(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: choose a password (a new address) or sign in and accept."""
    try:
        join = actions.find_join_request(token)
    except actions.InvitationUnusable:
        return _gone(request, JOIN_UNUSABLE)
    user = request.user
    state = _finish_state(join, user)
    form = None
    if state in ("new", "signed_in"):
        form = FinishJoiningForm(request.POST or None, initial={"display_name": join.display_name})
    if request.method == "POST" and state in ("new", "accept"):
        try:
            if state == "accept" and user.is_authenticated:
                actions.accept_from_email(join=join, supporter=user)
            elif form is not None and form.is_valid():
                new = actions.finish_joining(join=join, **form.cleaned_data)
                login(request, new, backend=SIGN_IN_BACKEND)
            else:
                raise InvalidInput("form", "")
        except actions.InvitationUnusable:
            return _gone(request, JOIN_UNUSABLE)
        except actions.AlreadySupporting:
            return _already(request, join.invitation)
        except InvalidInput as error:
            if form is not None and error.message:
                show_on_form(form, error)
            elif error.message:
                messages.error(request, error.message)
        else:
            return _welcome(request, join.invitation)
    return render(
        request,
        "supporters/finish_joining.html",
        {"join": join, "state": state, "form": form, "account_email": join.email},
        status=400 if request.method == "POST" else 200,
    )


def _finish_state(join: JoinRequest, user: User | AnonymousUser) -> str:
    """What the person holding the emailed link can do now (they hold that inbox)."""
    account = User.objects.filter(email__iexact=join.email).first()
    if account is None:
        return "signed_in" if user.is_authenticated else "new"
    if not user.is_authenticated:
        return "sign_in"
    if user.pk != account.pk:
        return "other_account"
    program_id = join.invitation.client.program_id
    if not user.memberships.filter(program_id=program_id, role=Role.SUPPORTER).exists():
        return "cannot"
    return "accept"


@role_required(Role.SUPPORTER)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this supporter supports and, for each, what is shared right now."""
    links = list(
        SupporterLink.objects.current()
        .filter(supporter=request.user)
        .select_related("client__user")
        .order_by("created_at")
    )
    active = ConsentGrant.objects.active().filter(
        recipient=request.user, client_id__in=[link.client_id for link in links]
    )
    shared: dict[int, set[str]] = {}
    for grant in active:
        shared.setdefault(grant.client_id, set()).update(grant.categories)
    rows = [
        {
            "link": link,
            "shared": labels(sorted(shared.get(link.client_id, ()))),
            "form": EncouragementForm(prefix=f"c{link.client_id}") if not link.muted else None,
        }
        for link in links
    ]
    return render(request, "supporters/home.html", {"rows": rows, "crisis_lines": CRISIS_LINES})


@role_required(Role.SUPPORTER)
@require_POST
def message(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Send a short encouragement to the client (once per submitted form)."""
    link = (
        SupporterLink.objects.current()
        .filter(supporter=request.user, client_id=client_id)
        .select_related("client__user")
        .first()
    )
    if link is None:
        raise Http404("No such person.")
    form = EncouragementForm(request.POST, prefix=f"c{client_id}")
    if form.is_valid():
        try:
            actions.send_encouragement(
                link=link,
                message=form.cleaned_data["message"],
                client_request_id=form.cleaned_data["client_request_id"] or "",
            )
        except (InvalidInput, IdempotencyConflict) as error:
            messages.error(request, getattr(error, "message", str(error)))
        else:
            messages.success(request, f"Sent. {link.client.user.get_short_name()} will see it.")
    else:
        messages.error(request, "Please write a message of up to 280 characters.")
    return redirect("supporters:home")


@role_required(Role.SUPPORTER)
def guide(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Guidance for supporters, after a short question about their own safety."""
    answer = request.GET.get("safe_at_home", "")
    return render(
        request,
        "supporters/guide.html",
        {
            "answer": answer,
            "guide": GUIDE,
            "dv_resources": DV_RESOURCES,
            "crisis_lines": CRISIS_LINES,
        },
    )


def _my_link(request: AuthenticatedHttpRequest, user_id: int) -> SupporterLink:
    client = gate.own_record(request.user)
    link = (
        SupporterLink.objects.current()
        .filter(client=client, supporter_id=user_id)
        .select_related("supporter", "client")
        .first()
    )
    if link is None:
        raise Http404("Not one of your supporters.")
    return link


@role_required(Role.CLIENT)
@require_POST
def mute(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Pause or resume messages from one supporter."""
    link = _my_link(request, user_id)
    muted = request.POST.get("muted") == "on"
    actions.set_muted(link=link, muted=muted)
    name = link.supporter.display_name
    messages.success(
        request, f"Messages from {name} are paused." if muted else f"Messages from {name} are on."
    )
    return redirect("consent:sharing")


@role_required(Role.CLIENT)
@require_POST
def remove(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Remove a supporter: they lose every consent and the link, at once."""
    link = _my_link(request, user_id)
    actions.remove(link=link, by=request.user)
    messages.success(request, f"{link.supporter.display_name} is no longer your supporter.")
    return redirect("consent:sharing")


@role_required(Role.CLIENT)
@require_POST
def cancel_invitation(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    """Stop one of my unused invitation links from working."""
    client = gate.own_record(request.user)
    invitation = Invitation.objects.filter(pk=invitation_id, client=client).first()
    if invitation is None:
        raise Http404("Not one of your invitations.")
    if actions.cancel_invitation(invitation=invitation, by=request.user):
        messages.success(request, f"The link for {invitation.name} no longer works.")
    else:
        messages.info(request, f"The link for {invitation.name} was already used or closed.")
    return redirect("consent:sharing")


@role_required(Role.CLIENT)
@require_POST
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a single-use invitation link and show it to the client once."""
    client = gate.own_record(request.user)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please write the name of the person you are inviting.")
        return redirect("consent:sharing")
    try:
        _, raw = actions.invite(client=client, name=form.cleaned_data["name"])
    except InvalidInput as error:
        messages.error(request, error.message)
        return redirect("consent:sharing")
    link = request.build_absolute_uri(reverse("supporters:invitation", args=[raw]))
    request.session["invitation_link"] = {"name": form.cleaned_data["name"], "url": link}
    return redirect("consent:sharing")
