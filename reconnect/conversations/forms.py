"""The message box and the program's care-team hours form (the actions do the checking)."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.conversations.hours import DAY_NAMES
from reconnect.conversations.models import BODY_MAX_LENGTH, SAFETY_CONTACT_HOURS_MAX
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

    def __init__(
        self, *args: Any, label: str = "Your message", help_text: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_request_id", new_request_id())
        self.fields["body"].label = label
        if help_text:
            self.fields["body"].help_text = help_text


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
        label="The program's time zone",
        choices=[(tz, tz.replace("_", " ")) for tz in TIMEZONES],
        help_text="The hours above are in this time zone. It is also the time zone of everyone "
        "in the program who has not chosen their own (the same setting as on the program's "
        "time zone page).",
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
    safety_contact_hours = forms.IntegerField(
        label="After a safety answer, someone contacts the client within (working hours)",
        min_value=1,
        max_value=SAFETY_CONTACT_HOURS_MAX,
        required=False,  # left empty: unchanged
        help_text="When a client answers above 0 to the questionnaire's question about thoughts "
        "of self-harm, they are told by when, counting only the hours above; at night and at "
        "weekends they are pointed to 988.",
        error_messages={
            "invalid": "Please give a whole number of working hours.",
            "min_value": f"Please give a number from 1 to {SAFETY_CONTACT_HOURS_MAX}.",
            "max_value": f"Please give a number from 1 to {SAFETY_CONTACT_HOURS_MAX}.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The program's zone may have been set, on the program's time zone page, to one not in
        # this list: offer it too, so saving the hours never changes it without being asked.
        current = str(self.initial.get("timezone_name") or "")
        if current and current not in TIMEZONES:
            field = self.fields["timezone_name"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
            field.choices = [(tz, tz.replace("_", " ")) for tz in (current, *TIMEZONES)]
