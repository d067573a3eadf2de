"""FHIR R4 JSON for instruments and responses: Questionnaire, QuestionnaireResponse,
Observation (total score, LOINC-coded where a code exists) and a collection Bundle.
Validated in tests with the R4B models of `fhir.resources`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from reconnect.measures import instruments
from reconnect.measures.instruments import Instrument, Item, Option

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}


def canonical(instrument: Instrument) -> str:
    return f"urn:reconnect:questionnaire:{instrument.code}"


def _answer_system(instrument: Instrument) -> str:
    return f"urn:reconnect:answers:{instrument.code}"


def _coding(instrument: Instrument, option: Option) -> dict[str, str]:
    if option.loinc:
        return {"system": LOINC, "code": option.loinc, "display": option.label}
    return {
        "system": _answer_system(instrument),
        "code": str(option.value),
        "display": option.label,
    }


def _question(instrument: Instrument, item: Item) -> dict[str, Any]:
    question: dict[str, Any] = {
        "linkId": str(item.number),
        "text": item.text,
        "type": "choice",
        "required": False,
        "answerOption": [
            {
                "valueCoding": _coding(instrument, option),
                "extension": [{"url": ORDINAL, "valueDecimal": option.value}],
            }
            for option in instrument.options_for(item)
        ],
    }
    if item.loinc:
        question["code"] = [{"system": LOINC, "code": item.loinc}]
    return question


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 Questionnaire."""
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.code.replace("_", "-"),
        "url": canonical(instrument),
        "version": instrument.version,
        "name": re.sub(r"[^A-Za-z0-9]", "", instrument.title) or instrument.code.upper(),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.instructions,
        "copyright": instrument.attribution,
        "item": [_question(instrument, item) for item in instrument.items],
    }
    if instrument.loinc_panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc_panel}]
    return resource


def questionnaire_response(response: Any) -> dict[str, Any]:
    """One administration as a QuestionnaireResponse; a declined one is `stopped`, no items."""
    instrument = instruments.get(response.instrument)
    items = []
    for item, answer in zip(instrument.items, response.answers, strict=False):
        entry: dict[str, Any] = {"linkId": str(item.number), "text": item.text}
        if answer is not None:
            option = next(o for o in instrument.options_for(item) if o.value == answer)
            entry["answer"] = [{"valueCoding": _coding(instrument, option)}]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"qr-{response.pk}",
        "questionnaire": f"{canonical(instrument)}|{response.version}",
        "status": "completed" if response.status == "completed" else "stopped",
        "subject": {"reference": f"Patient/{response.client_id}"},
        "authored": response.submitted_at.isoformat(),
    }
    if items:
        resource["item"] = items
    return resource


def score_observation(response: Any) -> dict[str, Any] | None:
    """The total score as an Observation (None when there is no total)."""
    if response.total is None:
        return None
    instrument = instruments.get(response.instrument)
    code: dict[str, Any] = {"text": f"{instrument.title} total score"}
    if instrument.loinc_total:
        code["coding"] = [{"system": LOINC, "code": instrument.loinc_total}]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"obs-{response.pk}",
        "status": "final",
        "category": [SURVEY],
        "code": code,
        "subject": {"reference": f"Patient/{response.client_id}"},
        "effectiveDateTime": response.submitted_at.isoformat(),
        "valueQuantity": {
            "value": response.total,
            "unit": "{score}",
            "system": UCUM,
            "code": "{score}",
        },
        "derivedFrom": [{"reference": f"QuestionnaireResponse/qr-{response.pk}"}],
    }
    if response.band:
        observation["interpretation"] = [{"text": response.band}]
    if response.flags:
        observation["note"] = [{"text": "Safety item answered above 0: follow up today."}]
    return observation


def response_resources(responses: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for response in responses:
        yield questionnaire_response(response)
        observation = score_observation(response)
        if observation is not None:
            yield observation


def bundle(resources: Iterable[dict[str, Any]], *, bundle_id: str) -> dict[str, Any]:
    """A collection Bundle of the given resources."""
    entries = [
        {"fullUrl": f"urn:reconnect:{r['resourceType']}/{r['id']}", "resource": r}
        for r in resources
    ]
    return {"resourceType": "Bundle", "id": bundle_id, "type": "collection", "entry": entries}
