"""Forms for joining as a supporter (by email) and sending encouragement."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.journal.forms import RequestIdField, new_request_id
from reconnect.supporters.actions import MESSAGE_LIMIT


class JoinForm(forms.Form):
    display_name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="We'll email you a link to finish joining.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class FinishJoiningForm(forms.Form):
    display_name = forms.CharField(label="Your name", max_length=120)
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few words you'll remember work well.",
    )


class EncouragementForm(forms.Form):
    message = forms.CharField(
        label="A few words of encouragement",
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Brief, warm and specific works best, for example: I noticed you went to "
        "your session this week. I'm proud of you.",
    )
    client_request_id = RequestIdField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client_request_id"].initial = new_request_id()
