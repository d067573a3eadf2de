"""API routes for instruments (FHIR Questionnaire), answering them, and exporting responses."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.api.schemas import ERRORS, JsonInt, StrictIn
from reconnect.core.input import InvalidInput
from reconnect.measures import actions, fhir
from reconnect.measures.instruments import INSTRUMENTS
from reconnect.measures.models import Response
from reconnect.people.decorators import AuthenticatedHttpRequest

router = Router(tags=["measures"])


class InstrumentOut(Schema):
    code: str
    title: str
    version: str
    items: int
    time_frame: str
    scoring: str
    licence: str
    validated: bool
    attribution: str


if TYPE_CHECKING:
    CurrentVersion = str
else:  # the versions are known only once the instruments load; pydantic accepts just these
    CurrentVersion = Literal[tuple(sorted({i.version for i in INSTRUMENTS.values()}))]


class ResponseIn(StrictIn):
    instrument: Annotated[str, Field(min_length=1, max_length=32)]
    answers: list[JsonInt | None] = Field(max_length=40)
    client_request_id: Annotated[str, Field(min_length=1, max_length=64)]
    version: CurrentVersion | None = None
    declined: StrictBool = False


class ScoreOut(Schema):
    total: float | None
    band: str | None
    flags: list[str]
    note: str


class ResponseOut(Schema):
    id: int
    instrument: str
    version: str
    status: str
    submitted_at: dt.datetime
    answers: list[int | None]
    score: ScoreOut


class ExportQuery(Schema):
    format: Literal["json", "fhir"] = "json"


def _response_out(response: Response) -> dict[str, Any]:
    return {
        "id": response.pk,
        "instrument": response.instrument,
        "version": response.version,
        "status": response.status,
        "submitted_at": response.submitted_at,
        "answers": response.answers,
        "score": {
            "total": response.total,
            "band": response.band or None,
            "flags": response.flags,
            "note": response.score_note,
        },
    }


@router.get("/instruments", response={200: list[InstrumentOut], **ERRORS}, summary="Instruments")
def list_instruments(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The questionnaires this program may use, with their licence status."""
    return [
        {
            "code": i.code,
            "title": i.title,
            "version": i.version,
            "items": len(i.items),
            "time_frame": i.time_frame,
            "scoring": i.scoring,
            "licence": i.licence.value,
            "validated": i.validated,
            "attribution": i.attribution,
        }
        for i in actions.usable_instruments()
    ]


@router.get(
    "/instruments/{code}/fhir",
    response={200: dict[str, Any], **ERRORS},
    summary="An instrument as a FHIR R4 Questionnaire",
)
def instrument_fhir(request: AuthenticatedHttpRequest, code: str) -> dict[str, Any]:
    try:
        instrument = actions.instrument_or_error(code)
    except InvalidInput as exc:
        raise Http404("No such instrument.") from exc
    return fhir.questionnaire(instrument)


@router.post(
    "/me/responses",
    response={200: ResponseOut, 201: ResponseOut, **ERRORS},
    summary="Answer a questionnaire (idempotent by client_request_id)",
)
def create_response(
    request: AuthenticatedHttpRequest, payload: ResponseIn
) -> Status[dict[str, Any]]:
    """Answers in item order, `null` for a skipped item; `declined: true` stores a decline.
    A PHQ-9 item 9 above 0 raises an urgent item for the care team at once."""
    client = gate.own_record(request.user)
    response, created = actions.record_response(client=client, **payload.dict())
    return Status(201 if created else 200, _response_out(response))


@router.get(
    "/clients/{int:client_id}/responses",
    response={200: list[ResponseOut] | dict[str, Any], **ERRORS},
    summary="A client's responses as JSON or as a FHIR R4 Bundle (audited)",
)
def client_responses(
    request: AuthenticatedHttpRequest, client_id: int, query: Query[ExportQuery]
) -> list[dict[str, Any]] | dict[str, Any]:
    action = Action.EXPORT if query.format == "fhir" else Action.VIEW
    client = gate.open_record(request.user, client_id, category=Category.MEASURES, action=action)
    responses = Response.objects.for_client(client).order_by("submitted_at", "id")
    if query.format == "fhir":
        resources = fhir.response_resources(responses.iterator(chunk_size=500))
        return fhir.bundle(resources, bundle_id=f"client-{client.pk}-responses")
    return [_response_out(r) for r in responses]
