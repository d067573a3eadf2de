"""Forms for signing in, two-factor codes, program administration and API tokens."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.people.actions import token_days_allowed
from reconnect.people.models import Role, User
from reconnect.people.reauth import PasswordAgainForm

PROGRAM_ROLES = [
    (Role.CLIENT, "Client"),
    (Role.CLINICIAN, "Clinician"),
    (Role.SUPERVISOR, "Supervisor"),
    (Role.ADMIN, "Program admin"),
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

    def __init__(self, *args: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("Someone with this email already has an account.")
        return email


class CareTeamForm(forms.Form):
    clinician = forms.ModelChoiceField(label="Clinician", queryset=User.objects.none())

    def __init__(self, *args: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians


class SupervisionForm(forms.Form):
    supervisor = forms.ModelChoiceField(label="Supervisor", queryset=User.objects.none())
    clinician = forms.ModelChoiceField(label="Clinician", queryset=User.objects.none())

    def __init__(self, *args: Any, supervisors: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["clinician"].queryset = clinicians


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

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, request=request, purpose="new API token", **kwargs)
        allowed = token_days_allowed(self.user)
        days = sorted({d for d in TOKEN_DAY_CHOICES if d < allowed} | {allowed})
        self.fields["days"].choices = [(d, f"{d} days") for d in days]
        self.fields["days"].initial = allowed
        self.device = TOTPDevice.objects.filter(user=self.user, confirmed=True).first()
        if self.device is not None:
            self.fields["code"] = copy.deepcopy(CodeForm.base_fields["code"])
            self.fields["code"].help_text = "The newest one from your authenticator app."
            self.order_fields(self.field_order)

    clean_code = CodeForm.clean_code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The code is checked only after the password matched, so it cannot be guessed on its
        # own, and only on an otherwise complete form, since a code works once.
        checkable = self.device is not None and not self.errors and "code" in cleaned
        if checkable and not self.device.verify_token(cleaned["code"]):
            self.add_error(
                "code", "That code didn't work. Codes change every 30 seconds; try the newest."
            )
        return cleaned
