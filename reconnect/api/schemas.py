"""API schemas shared by routers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, model_validator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class StrictIn(Schema):
    """A request body: a JSON object (not a list or a bare value)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: object) -> object:
        # django-ninja hands the parsed body over wrapped in a DjangoGetter.
        body = getattr(data, "_obj", data)
        if not isinstance(body, dict):
            raise ValueError("Please send a JSON object.")
        return data


def _iso_only(value: object) -> object:
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("Please give a date and time in ISO 8601, like 2026-11-01T09:00:00Z.")
    if not isinstance(value, str | dt.datetime):
        raise ValueError("Please give a date and time in ISO 8601, like 2026-11-01T09:00:00Z.")
    return value


IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_only)]


def _json_integer(value: object) -> object:
    """JSON Schema's integer: 3 or 3.0, never `true` or "3"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Please give a whole number.")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("Please give a whole number.")
    return int(value)


JsonInt = Annotated[int, BeforeValidator(_json_integer)]


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldError]


# Every operation may answer these; documented on all of them so clients can rely on the spec.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    role: str | None
    client_id: int | None


class CareTeamMemberOut(Schema):
    id: int
    display_name: str


class ClientOut(Schema):
    id: int
    display_name: str
    pronouns: str
    care_team: list[CareTeamMemberOut]
