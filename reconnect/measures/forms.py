"""Forms: assigning an instrument (clinician), answering one (client)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from reconnect.measures.instruments import Instrument
from reconnect.measures.models import Schedule


class AssignForm(forms.Form):
    instrument = forms.ChoiceField(label="Questionnaire")
    schedule = forms.ChoiceField(label="How often", choices=Schedule.choices)

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        assert isinstance(instrument, forms.ChoiceField)  # noqa: S101 (declared above)
        instrument.choices = [
            (i.code, i.title + ("" if i.validated else " (our own, unvalidated)"))
            for i in instruments
        ]


class AnswerForm(forms.Form):
    """One radio group per item; every item may be left blank."""

    client_request_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.initial.setdefault("client_request_id", uuid.uuid4().hex)
        for item in instrument.items:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}",
                choices=[(str(o.value), o.label) for o in instrument.options_for(item)],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Please choose one of the answers, or skip it."},
            )

    def item_fields(self) -> list[Any]:
        return [self[f"item_{item.number}"] for item in self.instrument.items]

    def answers(self) -> list[int | None]:
        values = [self.cleaned_data.get(f"item_{i.number}") for i in self.instrument.items]
        while len(values) > len(self.instrument.scored_items) and values[-1] is None:
            values.pop()  # unscored trailing items left blank are simply not sent
        return values
