"""The OpenAPI document lists, for every choice field a phone app sends, exactly the values the
model accepts: the API's types are built from the models' TextChoices, not copied from them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test import Client as HttpClient

from reconnect.accounts.actions import create_api_token
from reconnect.journal.models import BodyState, Connected, ContactChannel, Felt

pytestmark = pytest.mark.django_db

CHOICE_FIELDS = [
    ("/api/v1/me/checkins", "state", BodyState),
    ("/api/v1/me/checkins", "connected", Connected),
    ("/api/v1/me/contacts", "channel", ContactChannel),
    ("/api/v1/me/contacts", "felt", Felt),
]


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _enum(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The allowed values of a property, through $ref and a nullable anyOf."""
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        options = [_resolve(spec, option) for option in schema["anyOf"]]
        (schema,) = [option for option in options if option.get("type") != "null"]
    return schema["enum"]


@pytest.mark.parametrize(("path", "field", "choices"), CHOICE_FIELDS)
def test_the_request_body_lists_the_model_choices(
    path: str, field: str, choices: type[models.TextChoices]
):
    spec = HttpClient().get("/api/v1/openapi.json").json()
    body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    prop = _resolve(spec, body)["properties"][field]
    assert _enum(spec, prop) == choices.values


def test_a_value_outside_the_choices_is_refused_naming_the_field(casey):
    _, raw = create_api_token(user=casey, name="phone")
    response = HttpClient().post(
        "/api/v1/me/checkins",
        {"state": "calm", "client_request_id": "c-1"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["state"]
