"""Route inventory: which routes anyone may open without signing in (everything else is gated)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Routes reachable without signing in. Every other route must redirect or answer 401.
PUBLIC_ROUTES = frozenset(
    {
        "core:crisis",
        "core:service_worker",
        "core:manifest",
        "core:favicon",
        "core:healthz",
        "accounts:sign_in",
        "accounts:quick_exit",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:welcome",
        "api:openapi-json",
        "supporters:invitation",
        "supporters:finish_joining",
        # The text provider's webhooks: verified by its signature, not by a session.
        "notifications:sms_status",
        "notifications:sms_inbound",
    }
)


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")


def all_routes() -> Iterator[Route]:
    """Every named route the URL resolver knows, with its full pattern and parameter names."""
    yield from _walk(get_resolver().url_patterns, prefix="", namespace="")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            yield Route(name, prefix + str(entry.pattern), params)
