"""The safety-plan form: one text area per step, one item per line, all in the client's words."""

from __future__ import annotations

from typing import Any

from django import forms

from reconnect.core.input import InvalidInput
from reconnect.safety.actions import clean_sections
from reconnect.safety.models import SECTIONS


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: Any, clinician: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                help_text=f"{section.prompt} One per line.",
                required=False,
                max_length=7000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if clinician:
            self.fields["client_present"] = forms.BooleanField(
                label="I am making these changes together with the client, who is present",
                error_messages={
                    "required": "A clinician edits the plan only together with the client."
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["sections"] = clean_sections({s.key: data.get(s.key, "") for s in SECTIONS})
        except InvalidInput as error:
            self.add_error(error.field, error.message)
        return data

    @staticmethod
    def initial_from(sections: dict[str, list[str]] | None) -> dict[str, str]:
        return {key: "\n".join(lines) for key, lines in (sections or {}).items()}
