"""Bearer personal access tokens for the API, behind the per-address rate limit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer

from reconnect.accounts.actions import TokenExpired, authenticate_token
from reconnect.api.throttles import PER_ADDRESS
from reconnect.people.timezones import is_known


class ExpiredToken(AuthenticationError):
    """A genuine token past its date: said so, so its holder knows to make a new one."""

    detail = "This API token has expired. Please create a new one on your account page."


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rct_…`; the token is looked up by its hash. A route runs only
    for a token's holder, set as request.user: routes take an AuthenticatedHttpRequest."""

    def __call__(self, request: HttpRequest) -> Any:
        # Every request counts toward its address's limit, with a token or without one, before
        # any lookup: a flood of made-up tokens costs no database query past the limit.
        if not PER_ADDRESS.allow_request(request):
            raise Throttled(wait=PER_ADDRESS.wait())
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = authenticate_token(token)
        except TokenExpired:
            raise ExpiredToken from None
        if user is not None:
            request.user = user
            # "Today" and day buckets in the token holder's own chosen time zone, as on their
            # pages (TimeZoneMiddleware ends it with the request). The program's default would
            # cost a query on every call, so the API keeps the server's day without a choice.
            if user.time_zone and is_known(user.time_zone):
                timezone.activate(user.time_zone)
        return user
