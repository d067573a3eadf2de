"""Asking for the password again, through the same lockout as sign-in (security-reference #17).

Every form that asks a signed-in person for their password (export, deletion, password change,
new API tokens) checks it here: through django.contrib.auth.authenticate, so django-axes counts
each failure toward the same pause as sign-in, and each failure is in the audit trail. The
account-wide pause (reconnect/accounts/lockout.py) does not apply here: the session already
authenticates the person, so the per-(account, address) pause is enough.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.forms.utils import ErrorDict

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category, Outcome
from reconnect.accounts.lockout import pause_minutes
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import User

WRONG = "That password didn't match. Please try again."


class Check(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    PAUSED = "paused"


def paused_message() -> str:
    return (
        "For your security, we've paused password checks for this account for "
        f"{pause_minutes()} minutes after several that didn't match. Nothing was changed. "
        "Please try again a little later."
    )


def confirm_password(request: AuthenticatedHttpRequest, password: str, *, purpose: str) -> Check:
    """Check the signed-in person's password again; failures count toward the sign-in pause."""
    user = request.user
    # The session already proves who this is: only the per-(account, address) count applies,
    # so strangers pausing the account cannot stop the person's own export or password change.
    request.reconnect_password_again = True  # type: ignore[attr-defined]
    try:
        found = authenticate(request=request, username=user.get_username(), password=password)
    finally:
        del request.reconnect_password_again  # type: ignore[attr-defined]
    paused = getattr(request, "axes_locked_out", False)
    # While paused the password is not even checked; the guess that starts a pause is.
    checked = not paused or getattr(request, "axes_failures_since_start", None) is not None
    if found is None and checked:
        _record(user, Action.SIGN_IN_FAILED, f"password again ({purpose}) did not match")
    if paused:
        # The form explains the pause itself; axes' middleware would swap in the sign-in page.
        request.axes_locked_out = False  # type: ignore[attr-defined]  # axes' flag on the request
        _record(user, Action.LOCKED_OUT, f"password again ({purpose}) paused")
        return Check.PAUSED
    if found is None or found.pk != user.pk:
        return Check.WRONG
    return Check.OK


def _record(user: User, action: str, detail: str) -> None:
    record_event(
        actor=user,
        client_id=None,
        category=Category.SECURITY,
        action=action,
        outcome=Outcome.DENIED,
        detail=detail,
    )


if TYPE_CHECKING:
    FormMixinBase = forms.Form
else:  # the mixins below are only ever mixed into forms
    FormMixinBase = object


class PasswordAgainMixin(FormMixinBase):
    """For forms with a password field checked by `confirm_password`; `paused` says why not."""

    purpose = "confirm"
    paused = False

    def _check_password_again(self, request: AuthenticatedHttpRequest, password: str) -> str:
        result = confirm_password(request, password, purpose=self.purpose)
        if result is Check.PAUSED:
            self.paused = True
            raise forms.ValidationError(paused_message(), code="paused")
        if result is Check.WRONG:
            raise forms.ValidationError(WRONG, code="password_incorrect")
        return password

    def full_clean(self) -> None:
        super().full_clean()
        if self.paused:
            # While paused, nothing else on the form matters: one calm message, no field errors.
            self._errors = ErrorDict()
            self.add_error(None, paused_message())


class PasswordAgainForm(PasswordAgainMixin, forms.Form):
    """Asks for the signed-in person's password again before a step that matters."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="For your security, enter your password again.",
    )

    def __init__(
        self, *args: Any, request: AuthenticatedHttpRequest, purpose: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.purpose = request, purpose
        self.user = request.user

    def clean_password(self) -> str:
        return self._check_password_again(self.request, self.cleaned_data["password"])


class NewPasswordWords(FormMixinBase):
    """Plain words for choosing a new password, in place of Django's defaults."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["new_password1"].label = "New password"
        fields["new_password2"].label = "Type the new password again"
        fields["new_password2"].help_text = ""
        self.error_messages = {
            **getattr(self, "error_messages", {}),
            "password_mismatch": "The two new passwords didn't match. Please type them again.",
        }


class PasswordChangeAgainForm(PasswordAgainMixin, NewPasswordWords, PasswordChangeForm):
    """Django's password change, with the current password checked like every other."""

    purpose = "password change"

    def __init__(
        self, user: User, *args: Any, request: AuthenticatedHttpRequest, **kwargs: Any
    ) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.fields["old_password"].label = "Current password"

    def clean_old_password(self) -> str:
        return self._check_password_again(self.request, self.cleaned_data["old_password"])
