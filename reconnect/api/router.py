"""The HTTP API under /api/v1/ (OpenAPI at /api/v1/openapi.json). Thin: gate, action, answer."""

from __future__ import annotations

import math
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from reconnect.api.auth import TokenAuth
from reconnect.api.throttles import PER_TOKEN
from reconnect.core.input import IdempotencyConflict, InvalidInput


class ReconnectAPI(NinjaAPI):
    """django-ninja's API, with its OpenAPI document kept once built: the document changes only
    with the code, and building it (pydantic's JSON schemas of every operation) cost tens of
    milliseconds on each request for it. One document is kept, for the last URL prefix asked
    (a site is served at one), so no run of odd prefixes can fill the memory. Nothing may change
    the document it returns."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        kept: tuple[str, OpenAPISchema] | None = self.__dict__.get("_kept_document")
        if kept is None or kept[0] != path_prefix:
            kept = (path_prefix, super().get_openapi_schema(path_prefix=path_prefix))
            self.__dict__["_kept_document"] = kept
        return kept[1]


api = ReconnectAPI(
    title="Reconnect API",
    version="1",
    description=(
        "JSON API for phone apps and other systems. Authenticate with a personal access token "
        "(`Authorization: Bearer rct_…`), created on the account page or with "
        "`reconnect create_token EMAIL`. Tokens expire (90 days, staff 30). Requests are "
        "rate-limited per token and per address: past the limit the answer is 429 with "
        "`Retry-After`. Every read of a client's record is audited."
    ),
    auth=TokenAuth(),
    throttle=[PER_TOKEN],
    urls_namespace="api",
    docs_url=None,
)


def _field_name(loc: list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(err.get("loc", []))), "message": str(err.get("msg", ""))}
        for err in exc.errors
    ]
    return api.create_response(
        request,
        {"detail": "Please check the fields named below; nothing was saved.", "errors": errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = getattr(exc, "detail", "A valid API token is required.")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    seconds = max(1, math.ceil(exc.wait)) if exc.wait else 60
    response = api.create_response(
        request,
        {"detail": f"Too many requests. Please wait {seconds} seconds, then try again."},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": "Please check the fields named below; nothing was saved.",
            "errors": [{"field": exc.field, "message": exc.message}],
        },
        status=422,
    )


@api.exception_handler(IdempotencyConflict)
def idempotency_conflict(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


from reconnect.api import (  # noqa: E402
    groups_routes,
    journal_routes,
    measures_routes,
    messages_routes,
    people_routes,
    radar_routes,
)

api.add_router("/", people_routes.router)
api.add_router("/", journal_routes.router)
api.add_router("/", measures_routes.router)
api.add_router("/", radar_routes.router)
api.add_router("/", messages_routes.router)
api.add_router("/", groups_routes.router)
