"""The contact-details form, as the client fills it in, or a clinician with the client present."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.contact import phones
from reconnect.contact.models import BEST_TIMES_MAX_LENGTH, Channel, ContactDetails

UNKNOWN_CHANNEL = (
    "Please choose one of the ways offered: a text, a call, an email, or messages in the app only."
)


class ContactDetailsForm(forms.Form):
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": "That doesn't look like a phone number: it is too long."},
    )
    email = forms.EmailField(
        label="Email (optional)",
        help_text="Leave empty to use the email you sign in with.",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "That doesn't look like an email address."},
    )
    preferred_channel = forms.ChoiceField(
        label="The best way to reach me",
        choices=Channel.choices,
        initial=Channel.IN_APP,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": UNKNOWN_CHANNEL, "required": UNKNOWN_CHANNEL},
    )
    ok_voicemail = forms.BooleanField(label="It's OK to leave me a voicemail", required=False)
    ok_text = forms.BooleanField(label="It's OK to text me", required=False)
    ok_email = forms.BooleanField(label="It's OK to email me", required=False)
    others_may_see = forms.BooleanField(
        label="Someone else may see my messages",
        help_text="Then anything we send only says there is something new: no program name, "
        "no details.",
        required=False,
    )
    discreet = forms.BooleanField(
        label="Someone may look at my phone",
        help_text="Then Reconnect shows itself as “Journal”, with a plain notebook icon, and "
        "every page title says only “Journal”. This also names it on your home screen, if you "
        "add it there from your browser's menu.",
        required=False,
    )
    best_times = forms.CharField(
        label="Best times to reach me (optional)",
        max_length=BEST_TIMES_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": f"Please keep this to {BEST_TIMES_MAX_LENGTH} characters or fewer."
        },
    )

    def choice_fields(self) -> list[forms.BoundField]:
        """The safe-contact choices, each a checkbox the client ticks (none are ticked for them)."""
        names = ("ok_voicemail", "ok_text", "ok_email", "others_may_see", "discreet")
        return [self[name] for name in names]


class RecordedWithClientForm(ContactDetailsForm):
    """A clinician records the details only with the client there, choosing each answer."""

    client_present = forms.BooleanField(required=True)

    def __init__(self, *args: Any, client_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["client_present"]
        field.label = f"{client_name} is here with me and chose each of these"
        field.error_messages["required"] = (
            f"Please record contact details only with {client_name} present, choosing each answer."
        )


def initial_for(details: ContactDetails | None) -> dict[str, object]:
    """The form's starting values: what is stored, or nothing allowed yet."""
    if details is None:
        return {"preferred_channel": Channel.IN_APP}
    return {
        "phone": _readable(details.phone_e164),
        "email": details.email,
        "preferred_channel": details.preferred_channel,
        "ok_voicemail": details.ok_voicemail,
        "ok_text": details.ok_text,
        "ok_email": details.ok_email,
        "others_may_see": details.others_may_see,
        "discreet": details.discreet,
        "best_times": details.best_times,
    }


def choices_from(form: ContactDetailsForm) -> dict[str, Any]:
    """The cleaned answers the action takes (without the clinician's confirmation)."""
    return {k: v for k, v in form.cleaned_data.items() if k != "client_present"}


def _readable(e164: str) -> str:
    number = phones.parse(e164) if e164 else None
    return phones.readable(number) if number is not None else e164
