"""`{% url %}` in every template (a builtin, settings.TEMPLATES), remembering the address of a
name that takes no arguments.

Every page names a dozen such addresses (the menu, Crisis support, Account, Sign out) and each
reverse() costs tens of microseconds: a tenth of rendering a simple page. With no arguments the
address depends only on the name, the namespace being served, the URL configuration and the
script prefix, which together are the key; a name with arguments is reversed every time.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import defaulttags
from django.template.base import Parser, Token
from django.template.context import Context
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()
# Bounded, like anything keyed by what a request brings (a script prefix comes from the server).
MOST = 1024
_addresses: dict[tuple[Any, ...], str] = {}


def forget_addresses(**_: Any) -> None:
    _addresses.clear()


def _on_setting_changed(*, setting: str, **_: Any) -> None:
    # A test that swaps the URL configuration swaps the addresses too, as Django's own caches.
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        forget_addresses()


setting_changed.connect(_on_setting_changed, dispatch_uid="reconnect-links")


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context: Context) -> str:
        if self.args or self.kwargs:
            return str(super().render(context))
        view_name = self.view_name.resolve(context)
        request: Any = getattr(context, "request", None)
        try:  # as Django's own node chooses it
            current_app = request.current_app
        except AttributeError:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (view_name, current_app, get_urlconf(), get_script_prefix())
        url = _addresses.get(key)
        if url is None:
            try:
                url = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""
            else:
                if len(_addresses) >= MOST:
                    _addresses.clear()
                _addresses[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    """Django's {% url %}, same syntax and errors (django.template.defaulttags.url)."""
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
