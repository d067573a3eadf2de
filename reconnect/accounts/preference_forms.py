"""Forms for a person's own settings (time zone, demographics) and the program's time zone.

The fields take any text, so a value from outside the list reaches the action, which says
kindly what would work and stores nothing (reconnect/accounts/preferences.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.people import demographics, timezones
from reconnect.people.models import Role, User


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(label="Your time zone", required=False, max_length=64)

    def __init__(self, *args: Any, current: str, default_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"time_zone": current})
        super().__init__(*args, **kwargs)
        default = f"The program's time zone ({timezones.label(default_zone)})"
        self.fields["time_zone"].widget = forms.Select(
            choices=timezones.choices(current, default_label=default)
        )
        self.fields[
            "time_zone"
        ].help_text = "Times, “today” and each week on every page are shown in this time zone."


class ProgramTimeZoneForm(forms.Form):
    time_zone = forms.CharField(label="The program's time zone", required=False, max_length=64)

    def __init__(self, *args: Any, current: str, server_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"time_zone": current})
        super().__init__(*args, **kwargs)
        default = f"The server's ({timezones.label(server_zone)})"
        self.fields["time_zone"].widget = forms.Select(
            choices=timezones.choices(current, default_label=default)
        )
        self.fields["time_zone"].help_text = (
            "Used for everyone in the program who has not chosen their own, and for the care "
            "team's hours (the same setting as on the care-team hours page)."
        )


def _demographic_field(field: str, *, for_client: bool) -> forms.CharField:
    label, options = demographics.FIELDS[field]
    empty = "I'd rather not answer now" if for_client else "Not asked yet"
    chosen = forms.CharField(
        label=label if for_client else f"{label} (optional)",
        required=False,
        max_length=60,
        widget=forms.Select(choices=[("", empty), *options]),
    )
    chosen.widget.attrs.pop("maxlength", None)  # a <select> has no maxlength (valid HTML)
    return chosen


class DemographicsForm(forms.Form):
    """Age band and gender, each optional, with "prefer not to say"."""

    def __init__(self, *args: Any, for_client: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in demographics.FIELDS:
            self.fields[field] = _demographic_field(field, for_client=for_client)


def account_forms(
    user: User,
    *,
    time_zone_form: TimeZoneForm | None = None,
    about_form: DemographicsForm | None = None,
) -> dict[str, Any]:
    """The account page's settings forms, unbound unless a submitted one is given."""
    membership = user.membership
    default_zone = timezones.program_zone(membership.program if membership else None)
    context: dict[str, Any] = {
        "time_zone_form": time_zone_form
        or TimeZoneForm(current=user.time_zone, default_zone=default_zone),
        "time_zone_now": timezones.label(timezones.zone_name_for(user)),
        "demographics_why": demographics.WHY_ASKED,
    }
    client = getattr(user, "client", None) if user.role == Role.CLIENT else None
    if client is not None:
        context["about_form"] = about_form or DemographicsForm(
            initial={"age_band": client.age_band, "gender": client.gender}
        )
        context["about_given"] = [
            (label, demographics.label_for(field, getattr(client, field)))
            for field, (label, _) in demographics.FIELDS.items()
        ]
    return context
