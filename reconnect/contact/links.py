"""How the care team may reach a client: tel:, sms: and mailto: links only where the client's
choices allow, with the warnings that go with them ("Do not leave a voicemail")."""

from __future__ import annotations

from dataclasses import dataclass

from reconnect.contact import phones
from reconnect.contact.models import Channel, ContactDetails

PREFERS = {
    Channel.TEXT: "Prefers a text",
    Channel.CALL: "Prefers a call",
    Channel.EMAIL: "Prefers email",
    Channel.IN_APP: "Prefers messages in the app only: no calls, texts or emails",
}
KIND_FOR_CHANNEL = {Channel.TEXT: "text", Channel.CALL: "call", Channel.EMAIL: "email"}


@dataclass(frozen=True)
class Link:
    kind: str  # "call", "text" or "email"
    href: str
    label: str


@dataclass(frozen=True)
class Reach:
    """What a clinician's page shows about reaching one client."""

    links: tuple[Link, ...]
    prefers: str
    best_times: str
    no_voicemail: bool
    texts_off: str
    discreet: bool


def contact_links(details: ContactDetails | None) -> Reach | None:
    """The ways this client said they may be reached, preferred first; None without details."""
    if details is None:
        return None
    in_app_only = details.preferred_channel == Channel.IN_APP
    number = phones.parse(details.phone_e164) if details.phone_e164 and not in_app_only else None
    links: list[Link] = []
    if number is not None:
        dial, shown = phones.e164(number), phones.readable(number)
        links.append(Link("call", f"tel:{dial}", f"Call {shown}"))
        if details.can_be_texted:
            links.append(Link("text", f"sms:{dial}", f"Text {shown}"))
    if details.ok_email and not in_app_only:
        email = details.email_to_use
        links.append(Link("email", f"mailto:{email}", f"Email {email}"))
    preferred = KIND_FOR_CHANNEL.get(Channel(details.preferred_channel))
    links.sort(key=lambda link: link.kind != preferred)
    return Reach(
        links=tuple(links),
        prefers=PREFERS[Channel(details.preferred_channel)],
        best_times=details.best_times,
        no_voicemail=number is not None and not details.ok_voicemail,
        texts_off=f"Texts off: {details.texts_stopped_reason or 'stopped'}"
        if details.texts_stopped and details.phone_e164
        else "",
        discreet=details.others_may_see,
    )
