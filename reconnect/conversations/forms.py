"""The message box and the program's care-team hours form (the actions do the checking)."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.conversations.hours import DAY_NAMES
from reconnect.conversations.models import BODY_MAX_LENGTH
from reconnect.journal.forms import RequestIdField, new_request_id
from reconnect.journal.reminders import TIMEZONES


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        required=False,  # an empty message gets the action's kind explanation
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX_LENGTH}),
        help_text="Text only. Your care team reads it; it stays in your record.",
    )
    client_request_id = RequestIdField()
    signal = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, label: str = "Your message", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_request_id", new_request_id())
        self.fields["body"].label = label


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CareTeamHoursForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label="Days the team reads messages",
        choices=[(str(n), name) for n, name in enumerate(DAY_NAMES)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please choose at least one day."},
    )
    opens_at = forms.TimeField(
        label="From", widget=TIME, error_messages={"invalid": "Please use HH:MM."}
    )
    closes_at = forms.TimeField(
        label="Until", widget=TIME, error_messages={"invalid": "Please use HH:MM."}
    )
    timezone_name = forms.ChoiceField(
        label="Time zone", choices=[(tz, tz.replace("_", " ")) for tz in TIMEZONES]
    )
    reply_time = forms.CharField(
        label="When clients can expect a reply",
        max_length=120,
        help_text='Shown above the message box, e.g. "usually within one working day".',
    )
    after_hours = forms.CharField(
        label="What clients read outside these hours",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every program needs one; say where to turn in a crisis.",
    )
