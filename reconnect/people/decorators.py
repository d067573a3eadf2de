"""View guards by program role. Anyone outside the role gets 404, as for records out of reach."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

if TYPE_CHECKING:
    from reconnect.people.models import Program, User

View = Callable[..., HttpResponse]


class AuthenticatedHttpRequest(HttpRequest):
    """What a view behind `role_required` or `login_required` receives: a signed-in user."""

    user: User


def role_required(*roles: str) -> Callable[[View], View]:
    """Allow only signed-in people whose program role is one of `roles`."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or user.role not in roles:
                raise Http404("Not available to this account.")
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def program_of(request: AuthenticatedHttpRequest) -> Program:
    """The program of someone `role_required` let in (every program role is a membership)."""
    membership = request.user.membership
    if membership is None:
        raise Http404("Not available to this account.")
    return membership.program
