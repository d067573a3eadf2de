"""Forms for check-ins, the circle, contacts, tools and reminders; most fields are optional."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet

from reconnect.journal.models import (
    BODY_STATE_HINTS,
    NOTE_MAX_LENGTH,
    BodyState,
    CircleMember,
    Connected,
    ContactChannel,
    Felt,
    ReminderChannel,
)

SCALE = [(str(n), str(n)) for n in range(11)]


class RequestIdField(forms.CharField):
    """A hidden id generated when the form is shown, so a double submit stores one row."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, max_length=64, **kwargs)


if TYPE_CHECKING:  # the stubs make these fields generic over their model; Django does not
    _OneMember = forms.ModelChoiceField[CircleMember]
    _Members = forms.ModelMultipleChoiceField[CircleMember]
else:
    _OneMember, _Members = forms.ModelChoiceField, forms.ModelMultipleChoiceField


class CircleMemberField(_OneMember):
    """One of the client's circle, shown by name (a member's str() is only an id, for logs)."""

    def label_from_instance(self, obj: CircleMember) -> str:
        return obj.name


class CircleMembersField(_Members):
    """Some of the client's circle, shown by name."""

    def label_from_instance(self, obj: CircleMember) -> str:
        return obj.name


def _offer_circle(field: forms.Field, circle: QuerySet[CircleMember] | None) -> None:
    """Offer the client's own circle in a circle field declared on the form."""
    assert isinstance(field, CircleMemberField | CircleMembersField)  # noqa: S101 (declared above)
    field.queryset = circle if circle is not None else CircleMember.objects.none()


def new_request_id() -> str:
    return uuid.uuid4().hex


def _optional_scale(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages={"invalid_choice": "Please choose a number from 0 to 10, or skip it."},
    )


class CheckInForm(forms.Form):
    state = forms.ChoiceField(
        label="How does your body feel right now?",
        choices=BodyState.choices,
        widget=forms.RadioSelect(attrs={"class": "state"}),
        error_messages={
            "required": "Please choose the one that fits best right now.",
            "invalid_choice": "Please choose settled, activated or shut down.",
        },
    )
    craving = _optional_scale("Craving right now, from 0 (none) to 10 (strongest)")
    connected = forms.ChoiceField(
        label="Did you connect with someone today?",
        choices=Connected.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
    )
    circle_members = CircleMembersField(
        label="Who? (optional)",
        queryset=CircleMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "One of the people chosen isn't in your circle."},
    )
    note = forms.CharField(
        label="A private note (optional)",
        help_text="Only you can read this unless you choose to share it.",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Notes can be up to {NOTE_MAX_LENGTH} characters (yours has "
            "%(show_value)d)."
        },
    )
    client_request_id = RequestIdField()
    # Never on the page: the service worker adds it to a check-in it kept offline (the time it
    # was made, ISO 8601); journal.actions.when_made decides whether it is believed.
    # Anything unbelievable there is ignored, never a reason to refuse the check-in.
    made_at = forms.CharField(required=False, strip=True, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, circle: QuerySet[CircleMember] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _offer_circle(self.fields["circle_members"], circle)
        self.initial.setdefault("client_request_id", new_request_id())

    def clean_made_at(self) -> str:
        return str(self.cleaned_data.get("made_at") or "")[:64]

    def state_options(self) -> list[tuple[Any, str]]:
        """Each body-state radio with its one-line, plain-words description."""
        return [(radio, BODY_STATE_HINTS[radio.data["value"]]) for radio in self["state"]]


class CircleMemberForm(forms.Form):
    name = forms.CharField(
        label="Name or nickname",
        max_length=80,
        error_messages={"required": "Please add a name or nickname."},
    )
    relationship = forms.CharField(
        label="Who they are to you (optional)", max_length=80, required=False
    )
    how_they_help = forms.CharField(
        label="How they help (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    how_to_reach = forms.CharField(
        label="How to reach them (optional)", max_length=200, required=False
    )
    best_times = forms.CharField(label="Best times (optional)", max_length=120, required=False)
    client_request_id = RequestIdField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_request_id", new_request_id())


class ContactForm(forms.Form):
    circle_member = CircleMemberField(
        label="Who did you reach out to?",
        queryset=CircleMember.objects.none(),
        required=False,
        empty_label="Someone else",
    )
    channel = forms.ChoiceField(
        label="How (optional)",
        choices=[("", "—"), *ContactChannel.choices],
        required=False,
    )
    felt = forms.ChoiceField(
        label="It felt…",
        choices=Felt.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
    )
    client_request_id = RequestIdField()

    def __init__(
        self, *args: Any, circle: QuerySet[CircleMember] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _offer_circle(self.fields["circle_member"], circle)
        self.initial.setdefault("client_request_id", new_request_id())


class ToolUseForm(forms.Form):
    # Says what "it" is: the feeling that brought the person here, whatever they call it.
    strength_before = _optional_scale(
        "How strong is the hard feeling that brought you here (stress, a craving, or whatever "
        "it is for you), from 0 (not at all) to 10 (as strong as it gets)? (optional)"
    )
    strength_after = _optional_scale(
        "And how strong is that same feeling now, after the practice? (optional)"
    )
    checkin = forms.IntegerField(widget=forms.HiddenInput, required=False)
    client_request_id = RequestIdField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("client_request_id", new_request_id())


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(label="Send me a gentle reminder to check in", required=False)
    time_of_day = forms.TimeField(
        label="At what time?",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Please choose a time.", "invalid": "Please use HH:MM."},
    )
    # The person's one time zone (also on their account page); any IANA name is checked by the
    # action, which says so kindly when it does not know one.
    timezone_name = forms.CharField(label="Your time zone", required=False, max_length=64)
    channel = forms.ChoiceField(
        label="How?",
        choices=ReminderChannel.choices,
        required=False,  # left out: the channel stays as it was
        widget=forms.RadioSelect,
    )
    paused_until = forms.DateField(
        label="Pause reminders until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please use a date like 2026-12-24."},
    )

    def __init__(self, *args: Any, zone_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["timezone_name"]
        field.widget = forms.Select(choices=zone_choices)
        field.help_text = "Your reminders, and every time you see here, use this time zone."
