"""Forms for signing in, two-factor codes, program administration and API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from reconnect.people.models import Role, User

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


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=80,
        error_messages={"required": "Please give the token a name, such as “phone app”."},
    )
