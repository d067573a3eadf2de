"""The consent form: what to share, why, until when, and a signature by typed name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from reconnect.consent.actions import RIGHT_TO_REVOKE
from reconnect.consent.categories import (
    CATEGORIES,
    COUNSELLING_NOTES,
    COUNSELLING_NOTES_REFUSED,
)

DEFAULT_DAYS = 90


def default_expiry() -> dt.date:
    """A new consent ends in 90 days unless the client chooses otherwise."""
    return timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)


class CategoriesField(forms.MultipleChoiceField):
    """The shareable categories; counselling notes, if posted anyway, get their own answer."""

    def validate(self, value: Any) -> None:
        if COUNSELLING_NOTES in (value or ()):
            raise forms.ValidationError(COUNSELLING_NOTES_REFUSED)
        super().validate(value)


class ConsentForm(forms.Form):
    categories = CategoriesField(
        label="What they may see",
        choices=[(c.key, c.label) for c in CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave everything unticked to stop sharing with this person.",
    )
    purpose = forms.CharField(
        label="Why you are sharing",
        max_length=300,
        help_text="In your own words, for example: so my sister can support my recovery.",
    )
    expires_on = forms.DateField(
        label="Sharing ends on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="At the latest one year from today. You can stop it sooner at any time.",
        error_messages={"invalid": "Please give a date, like 2027-03-01."},
    )
    signature = forms.CharField(
        label="Sign by typing your full name", max_length=160, required=False
    )
    understood_revocation = forms.BooleanField(label=RIGHT_TO_REVOKE, required=False)

    def __init__(
        self, *args: Any, prefix_key: str = "", patient_name: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "purpose": "To support my recovery",
                "expires_on": default_expiry(),
            },
        )
        kwargs["prefix"] = prefix_key or None
        super().__init__(*args, **kwargs)
        if patient_name:
            self.fields["signature"].help_text = f"As it is on your account: {patient_name}"


class ClinicianConsentForm(ConsentForm):
    clinician = forms.TypedChoiceField(label="Clinician", coerce=int, choices=())

    field_order = ["clinician", "categories", "purpose", "expires_on", "signature"]

    def __init__(self, *args: Any, clinicians: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("prefix_key", "clinician")
        super().__init__(*args, **kwargs)
        clinician = self.fields["clinician"]
        assert isinstance(clinician, forms.TypedChoiceField)  # noqa: S101 (declared above)
        clinician.choices = clinicians
        self.fields["purpose"].initial = "So this clinician can help with my care"


class InviteForm(forms.Form):
    name = forms.CharField(
        label="Their name", max_length=120, help_text="Only used so you recognise the link."
    )


class ExternalConsentForm(ConsentForm):
    recipient_name = forms.CharField(
        label="Who the file is for",
        max_length=160,
        help_text="A person and their organisation, for example: Dr Lee, Riverside Clinic.",
    )

    field_order = ["recipient_name", "categories", "purpose", "expires_on", "signature"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix_key", "external")
        super().__init__(*args, **kwargs)
        self.fields["purpose"].initial = "So they can help with my care"
