"""Template helpers for reaching people: `reach_links` turns phone numbers in free text into
tap-to-call and tap-to-text links; `contact_links` gives a client's links for the include."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from reconnect.contact import phones
from reconnect.contact.links import Reach
from reconnect.contact.links import contact_links as links_for
from reconnect.contact.models import ContactDetails

register = template.Library()


@register.filter
def reach_links(text: str | None) -> SafeString:
    """ "Call after 5pm: 202-555-0117" with the number as tel: (and sms:) links; the rest, and
    any text without a number, escaped as written."""
    text = text or ""
    parts: list[SafeString] = []
    written_up_to = 0
    for found in phones.find_numbers(text):
        parts.append(conditional_escape(text[written_up_to : found.start]))
        dial = phones.e164(found.number)
        parts.append(
            format_html(
                '<a href="tel:{}"><span class="visually-hidden">Call </span>{}</a>',
                dial,
                found.written,
            )
        )
        if phones.can_text(found.number):
            parts.append(
                format_html(
                    ' · <a href="sms:{}">Text<span class="visually-hidden"> {}</span></a>',
                    dial,
                    found.written,
                )
            )
        written_up_to = found.end
    parts.append(conditional_escape(text[written_up_to:]))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def contact_links(details: ContactDetails | None) -> Reach | None:
    """{% include "contact/links.html" with reach=details|contact_links %}"""
    return links_for(details)
