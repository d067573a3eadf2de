"""The caseload's cards as HTML, built here rather than in the template: the clinician's home
lists every client on the caseload, and the template engine took longer over 300 cards than the
database over the whole page (about four times as long as this). Every value from the record
is escaped (html.escape, as Django's escape: &, <, >, " and '); the contact links keep their
own template (contact/links.html), which escapes its own."""

from __future__ import annotations

from html import escape

from django.template.loader import get_template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from reconnect.contact.links import Reach
from reconnect.journal.charts import sparkline
from reconnect.radar.caseload import LiveSignal, Row
from reconnect.radar.models import ClientResponse

KIND_LABELS = {
    "safety": "Safety",
    "drifting": "Drifting away",
    "safety_plan_gap": "Safety plan gap",
    "alliance_rupture": "Alliance rupture",
    "loneliness_rising": "Loneliness rising",
    "dysregulation": "Dysregulation",
    "reliable_worsening": "Reliable worsening",
    "reconnecting": "Reconnecting",
    "worrying_words": "Words that worry us",
    "message_waiting": "Message waiting",
}

# The client's answer to their next session, as the caseload card says it.
ANSWER_NOTES: dict[str, str] = {
    ClientResponse.NONE: " (no answer yet)",
    ClientResponse.CONFIRMED: " (confirmed)",
    ClientResponse.CHANGE_REQUESTED: " (asked to change)",
}

CARD = (
    '<li class="card radar-row rank-{rank}"><div class="radar-head"><h2>'
    '<a href="/clients/{id}/timeline/">{name}</a></h2><span class="spark" '
    'title="Highest craving per day, last two weeks">{spark}</span></div>{unread}{body}'
    '{ranked}<p class="facts">{facts}</p></li>'
)
UNREAD = (
    '<p class="unread"><a href="/clients/{}/messages/"><strong>{} unread message{}</strong>'
    '<span class="visually-hidden"> from {}</span></a></p>'
)
SIGNAL = (
    '<li class="signal {severity}"><span class="badge {severity}">{severity_label}</span> '
    "<strong>{label}:</strong> {explanation}{new} "
    '<a href="/clients/{client}/signals/{id}/">{act}<span class="visually-hidden"> ({label}, '
    "{name})</span></a> · "
    '<a href="/clients/{client}/messages/?signal={id}">Send a message<span '
    'class="visually-hidden"> ({label}, {name})</span></a>{acknowledged}</li>'
)
QUIET = '<p class="muted">Quiet: no signals.</p>'


def facts(row: Row) -> str:
    next_session = (
        date_format(timezone.localtime(row.next_session), "D j M, H:i")
        + ANSWER_NOTES.get(row.next_response, "")
        if row.next_session
        else "none planned"
    )
    return (
        f"Last check-in: {row.last_checkin_ago} · Last contact: {row.last_contact_ago} · "
        f"Next session: {next_session} · {row.checkin_days} check-in day"
        f"{'' if row.checkin_days == 1 else 's'} in 2 weeks"
        + (f" · {len(row.snoozed)} snoozed" if row.snoozed else "")
    )


def card_html(
    row: Row, severity: dict[str, str], reach: Reach | None = None, unread: int = 0
) -> SafeString:
    """One client's card: name, sparkline, unread messages, signals with what to do, how to
    reach them, why the card is where it is, and the facts."""
    name = escape(row.name)
    if row.signals:
        items = "".join(_signal(s, row.client_id, name, severity) for s in row.signals)
        body = f'<ul class="signals">{items}</ul>{_reach(reach, row.name)}'
    else:
        body = QUIET
    html = CARD.format(
        rank=row.rank,
        id=row.client_id,
        name=name,
        spark=sparkline(row.cravings),
        unread=UNREAD.format(row.client_id, unread, "s" if unread != 1 else "", name)
        if unread
        else "",
        body=body,
        ranked=f'<p class="facts ranked">Ranked by {escape(str(row.weight))}.</p>'
        if row.weight.reasons
        else "",
        facts=escape(facts(row)),
    )
    return mark_safe(html)  # noqa: S308 (every value is escaped or is markup built here)


def _signal(s: LiveSignal, client_id: int, name: str, severity: dict[str, str]) -> str:
    return SIGNAL.format(
        severity=escape(s.severity),
        severity_label=escape(severity[s.severity]),
        label=escape(KIND_LABELS.get(s.kind, s.kind)),
        explanation=escape(s.explanation),
        new=f' <strong class="new">{escape(s.whats_new)}</strong>' if s.whats_new else "",
        client=client_id,
        id=s.pk,
        act="Act on this" if s.state == "open" else "Details",
        name=name,
        acknowledged=' <span class="muted">(acknowledged)</span>'
        if s.state == "acknowledged"
        else "",
    )


def _reach(reach: Reach | None, name: str) -> str:
    if reach is None:
        return ""
    return get_template("contact/links.html").render({"reach": reach, "name": name})
