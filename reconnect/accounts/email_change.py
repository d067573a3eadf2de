"""Correcting a person's email address (one that bounces), with re-verification.

A program admin enters the corrected address. For someone who has not yet joined, it replaces
the old one at once and a fresh welcome link goes to it: choosing a password from that link is
the proof that the address is theirs. For everyone else the new address waits as
`pending_email` until its owner, signed in as themselves, opens the link sent to it; only then
does it become their sign-in address. So an admin alone can never move an account to an
address its owner does not control.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.core.input import InvalidInput
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import User

SALT = "reconnect.accounts.email_change"
CHANGED = "changed"
PENDING = "pending"


def _clean(address: str) -> str:
    email = address.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(
            "email", "That doesn't look like an email address, such as name@example.org."
        ) from exc
    return email


@transaction.atomic
def request_email_change(*, user: User, new_email: str, by: User) -> str:
    """CHANGED for someone who has not joined yet (a new welcome link must go to the address),
    PENDING for everyone else (a confirmation link must go to it). Bad input changes nothing."""
    email = _clean(new_email)
    if email == user.email:
        raise InvalidInput("email", "That is already the address on the account.")
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise InvalidInput("email", "Someone else already has an account with this email.")
    joined = user.last_login is not None
    if joined:
        User.objects.filter(pk=user.pk).update(pending_email=email)
        user.pending_email = email
    else:
        User.objects.filter(pk=user.pk).update(email=email, pending_email="")
        user.email, user.pending_email = email, ""
    record_event(
        actor=by,
        client_id=getattr(getattr(user, "client", None), "pk", None),
        category=Category.ADMINISTRATION,
        action=Action.CHANGE,
        detail=f"{'asked to confirm a new' if joined else 'corrected the'} email of user {user.pk}",
    )
    return PENDING if joined else CHANGED


def _address_digest(email: str) -> str:
    """Stands for the pending address in the link: the link names no address (signed data is
    only encoded, so anyone holding the link could read one), yet a later correction still
    spends it."""
    return salted_hmac(SALT, email).hexdigest()[:32]


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": _address_digest(user.pending_email)}, salt=SALT)


def send_confirmation(request: HttpRequest, user: User) -> None:
    """Email the confirmation link to the new address; tell the old one, in case it was not
    expected (it names no new address in full)."""
    link = request.build_absolute_uri(
        reverse("accounts:email_confirm", args=[confirmation_token(user)])
    )
    context: dict[str, Any] = {
        "name": user.get_short_name(),
        "link": link,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "hint": _hint(user.pending_email),
    }
    send_mail(
        "Please confirm your new email address",
        render_to_string("people/email/email_confirm.txt", context),
        None,
        [user.pending_email],
    )
    send_mail(
        "A change to your account's email address was asked for",
        render_to_string("people/email/email_change_notice.txt", context),
        None,
        [user.email],
    )


def _hint(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


@transaction.atomic
def confirm_email_change(*, user: User, token: str) -> bool:
    """Make the pending address the sign-in address, if this token is for this person and for
    the address still pending (within PASSWORD_RESET_TIMEOUT); a used link does nothing."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return False
    fresh = User.objects.select_for_update().filter(pk=user.pk).first()
    if fresh is None or data.get("u") != user.pk or not fresh.pending_email:
        return False
    if not constant_time_compare(str(data.get("e")), _address_digest(fresh.pending_email)):
        return False
    if User.objects.filter(email=fresh.pending_email).exclude(pk=user.pk).exists():
        return False
    User.objects.filter(pk=user.pk).update(email=fresh.pending_email, pending_email="")
    user.email, user.pending_email = fresh.pending_email, ""
    record_event(
        actor=user,
        client_id=None,
        category=Category.SECURITY,
        action=Action.CHANGE,
        detail="confirmed a new email address",
    )
    return True


@login_required
def email_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation email, opened while signed in as its owner."""
    if request.method == "POST":
        if confirm_email_change(user=request.user, token=token):
            messages.success(
                request,
                f"Your email address is now {request.user.email}. Use it to sign in from now on.",
            )
            return redirect("accounts:account")
        return render(request, "people/email_confirm.html", {"spent": True}, status=400)
    return render(
        request,
        "people/email_confirm.html",
        {"spent": not request.user.pending_email, "pending": request.user.pending_email},
    )
