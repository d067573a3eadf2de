"""API schemas shared by routers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, model_validator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


class StrictIn(Schema):
    """A request body: a JSON object (not a list or a bare value).

    Fields typed with a model's TextChoices are documented as that enum in the OpenAPI schema
    and reach the actions as its plain string values."""

    model_config = ConfigDict(use_enum_values=True)

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: object) -> object:
        # django-ninja hands the parsed body over wrapped in a DjangoGetter.
        body = getattr(data, "_obj", data)
        if not isinstance(body, dict):
            raise ValueError("Please send a JSON object.")
        if _has_nul(body):
            # PostgreSQL cannot store NUL characters in text; nobody types them on purpose.
            raise ValueError("Please remove the invisible NUL character from the text.")
        return data


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _iso_only(value: object) -> object:
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("Please give a date and time in ISO 8601, like 2026-11-01T09:00:00Z.")
    if not isinstance(value, str | dt.datetime):
        raise ValueError("Please give a date and time in ISO 8601, like 2026-11-01T09:00:00Z.")
    return value


def _plausible(value: dt.datetime) -> dt.datetime:
    """Years 1900-9999 and a real UTC offset (both databases must be able to store it)."""
    offset = value.utcoffset()
    if not 1900 <= value.year <= 9999 or (
        offset is not None and abs(offset) > dt.timedelta(hours=14)
    ):
        raise ValueError("Please give a date and time between the years 1900 and 9999.")
    return value


IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_only), AfterValidator(_plausible)]


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
    429: ErrorOut,
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
