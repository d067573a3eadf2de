"""Bearer personal access tokens for the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from reconnect.people.actions import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rct_…`; the token is looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user
