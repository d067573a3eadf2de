"""Forms for signing in, two-factor codes, program administration and API tokens."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.accounts.actions import token_days_allowed
from reconnect.accounts.reauth import NewPasswordWords, PasswordAgainForm
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import STAFF_ROLES, Membership, Program, Role, User, normalise_name

PROGRAM_ROLES = [
    (Role.CLIENT, "Client"),
    (Role.CLINICIAN, "Clinician"),
    (Role.SUPERVISOR, "Supervisor"),
    (Role.ADMIN, "Program admin"),
    (Role.PEER, "Peer recovery specialist"),
]


class SignInForm(AuthenticationForm):
    """Email and password. The field keeps Django's name `username` for django-axes."""

    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": "That email and password don't match an account. Please try again.",
        "inactive": "This account is not active. Please contact your program.",
    }


def code_problem(device: TOTPDevice, code: str, *, wrong: str) -> str | None:
    """Check a code from the authenticator; None when it matched, else what to tell the person.

    django-otp doubles the wait after each wrong code and refuses codes until it is over, even
    the right one, so a refused try says how long to wait rather than that the code was wrong.
    """
    allowed, info = device.verify_is_allowed()
    if allowed and device.verify_token(code):
        return None
    if allowed:
        return wrong
    locked_until = (info or {}).get("locked_until")
    wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
    seconds = max(1, math.ceil(wait))
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many tries: please wait {seconds} {unit} and try again."


if TYPE_CHECKING:
    UserSetPasswordForm = SetPasswordForm[User]
else:  # Django's form is generic only in the type stubs
    UserSetPasswordForm = SetPasswordForm


class NewPasswordForm(NewPasswordWords, UserSetPasswordForm):
    """Choosing a password from a welcome or reset link."""


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.CharField(
        label="Six-digit code",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "required": "Please enter the six-digit code from your authenticator app.",
            "min_length": "The code has six digits.",
            "max_length": "The code has six digits.",
        },
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("The code is made of six digits.")
        return code


def _user_choice(form: forms.Form, name: str) -> forms.ModelChoiceField[User]:
    """One of the form's people fields, whose choices are set per program."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared on the form)
    return field


class PersonForm(forms.Form):
    """A program admin adds a person to the program."""

    display_name = forms.CharField(label="Name", max_length=120)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(label="Role", choices=PROGRAM_ROLES)
    pronouns = forms.CharField(label="Pronouns (optional)", max_length=40, required=False)
    clinician = forms.ModelChoiceField(
        label="Clinician (for a client)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose later",
    )

    def __init__(
        self, *args: Any, program: Program, clinicians: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        _user_choice(self, "clinician").queryset = clinicians

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("Someone with this email already has an account.")
        return email

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name = normalise_name(cleaned.get("display_name", ""))
        cleaned["display_name"] = name
        staff = cleaned.get("role") in STAFF_ROLES
        if name and staff and Membership.objects.staff_named(self.program, name).exists():
            # Clients and supporters read staff names to know who joined their care team.
            self.add_error(
                "display_name",
                f"This program already has a staff member called {name}. Please add something "
                "that tells them apart, such as a middle initial.",
            )
        return cleaned


class CareTeamForm(forms.Form):
    """Add a clinician to a client's care team; the list offers only those not on it yet."""

    clinician = forms.ModelChoiceField(
        label="Clinician", queryset=User.objects.none(), empty_label="Choose a clinician"
    )

    def __init__(
        self,
        *args: Any,
        clinicians: QuerySet[User],
        team: Iterable[User] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = _user_choice(self, "clinician")
        field.queryset = clinicians
        self.team_ids = {member.pk for member in team}
        self.available = [c for c in clinicians if c.pk not in self.team_ids]
        # Everyone in the program stays a valid choice, so a current member gets a clear message.
        peer = " (peer recovery specialist)"
        field.widget.choices = [("", field.empty_label)] + [
            (c.pk, field.label_from_instance(c) + peer * (c.role == Role.PEER))
            for c in self.available
        ]

    def clean_clinician(self) -> User:
        clinician: User = self.cleaned_data["clinician"]
        if clinician.pk in self.team_ids:
            raise forms.ValidationError(f"{clinician.display_name} is already on the care team.")
        return clinician


class SupervisionForm(forms.Form):
    supervisor = forms.ModelChoiceField(label="Supervisor", queryset=User.objects.none())
    clinician = forms.ModelChoiceField(label="Clinician", queryset=User.objects.none())

    def __init__(
        self, *args: Any, supervisors: QuerySet[User], clinicians: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _user_choice(self, "supervisor").queryset = supervisors
        _user_choice(self, "clinician").queryset = clinicians


TOKEN_DAY_CHOICES = (7, 30, 90)


class TokenForm(PasswordAgainForm):
    """A new API token: what it is for, how long it lasts, the password again, and the current
    two-factor code for anyone who signs in with one (always staff)."""

    name = forms.CharField(
        label="What is this token for?",
        max_length=80,
        error_messages={"required": "Please give the token a name, such as “phone app”."},
    )
    days = forms.TypedChoiceField(label="It stops working after", coerce=int)
    field_order = ["name", "days", "password", "code"]

    def __init__(self, *args: Any, request: AuthenticatedHttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, purpose="new API token", **kwargs)
        allowed = token_days_allowed(self.user)
        days = sorted({d for d in TOKEN_DAY_CHOICES if d < allowed} | {allowed})
        days_field = self.fields["days"]
        assert isinstance(days_field, forms.TypedChoiceField)  # noqa: S101 (declared above)
        days_field.choices = [(d, f"{d} days") for d in days]
        days_field.initial = allowed
        self.device = TOTPDevice.objects.filter(user=self.user, confirmed=True).first()
        if self.device is not None:
            self.fields["code"] = copy.deepcopy(CodeForm.base_fields["code"])
            self.fields["code"].help_text = "The newest one from your authenticator app."
            self.order_fields(self.field_order)

    clean_code = CodeForm.clean_code

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The code is checked only after the password matched, so it cannot be guessed on its
        # own, and only on an otherwise complete form, since a code works once.
        if self.device is not None and not self.errors and "code" in cleaned:
            wrong = "That code didn't work. Codes change every 30 seconds; try the newest."
            problem = code_problem(self.device, cleaned["code"], wrong=wrong)
            if problem:
                self.add_error("code", problem)
        return cleaned
