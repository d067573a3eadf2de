"""Contact details shown to the care team, each showing recorded in the client's access history.

Callers have already opened the record (or the caseload) through the gate; these add the
"contact details" access row for each client whose details they show, and nothing for a client
who gave none. Only clinicians are shown them: supervisors and supporters never reach out.
"""

from __future__ import annotations

from collections.abc import Iterable

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.contact.links import Reach, contact_links
from reconnect.contact.models import ContactDetails
from reconnect.people.models import Client, Role, User


def reach_for_care_team(user: User, client: Client, *, where: str) -> Reach | None:
    """One client's contact links for a clinician's page about them."""
    if user.role != Role.CLINICIAN:
        return None
    details = ContactDetails.objects.for_client(client).first()
    if details is not None:
        details.client = client  # already loaded, with the account email
    reach = contact_links(details)
    if reach is not None:
        gate.record_event(
            actor=user,
            client_id=client.pk,
            category=Category.CONTACT,
            action=Action.VIEW,
            detail=where,
        )
    return reach


def reach_for_caseload(user: User, client_ids: Iterable[int], *, where: str) -> dict[int, Reach]:
    """Contact links for many clients at once: one query, one audit insert, whatever the count."""
    if user.role != Role.CLINICIAN:
        return {}
    reach = {
        details.client_id: links
        for details in ContactDetails.objects.for_clients(client_ids)
        if (links := contact_links(details)) is not None
    }
    gate.record_summaries(user, list(reach), category=Category.CONTACT, where=where)
    return reach
