"""The password again before an export or a deletion, with what each step needs besides."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.accounts.reauth import PasswordAgainForm
from reconnect.people.models import Client
from reconnect.records.models import ExportFormat

CONFIRM_WORD = "delete"


class ExportForm(PasswordAgainForm):
    format = forms.ChoiceField(
        label="Format", choices=ExportFormat.choices, widget=forms.RadioSelect, initial="html"
    )
    for_consent = forms.TypedChoiceField(
        label="Who the file is for", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, consents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = "We ask again because this file holds your record."
        for_consent = self.fields["for_consent"]
        assert isinstance(for_consent, forms.TypedChoiceField)  # noqa: S101 (declared above)
        for_consent.choices = [("", "Me"), *consents]


class DeleteForm(PasswordAgainForm):
    confirm = forms.CharField(label=f'Type the word "{CONFIRM_WORD}" to confirm', max_length=20)

    def clean_confirm(self) -> str:
        word = str(self.cleaned_data["confirm"]).strip().lower()
        if word != CONFIRM_WORD:
            raise forms.ValidationError(f'Please type "{CONFIRM_WORD}" to confirm.')
        return word


class AdminDeleteForm(PasswordAgainForm):
    """The client's full name, typed, and the admin's own password again."""

    confirm_name = forms.CharField(label="The client's full name", max_length=120)
    field_order = ["confirm_name", "password"]

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["confirm_name"].help_text = f"Type “{client.user.display_name}” to confirm."
        self.order_fields(self.field_order)

    def clean_confirm_name(self) -> str:
        typed = " ".join(str(self.cleaned_data["confirm_name"]).split()).casefold()
        if typed != " ".join(self.client.user.display_name.split()).casefold():
            raise forms.ValidationError("Nothing was deleted: please type the client's full name.")
        return typed
