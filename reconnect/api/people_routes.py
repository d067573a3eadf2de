"""API routes about the signed-in person and the clients they may reach."""

from __future__ import annotations

from ninja import Router

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.api.schemas import ERRORS, ClientOut, MeOut
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import Client, Role

router = Router(tags=["people"])


def _client_out(client: Client) -> dict[str, object]:
    return {
        "id": client.pk,
        "display_name": client.user.display_name,
        "pronouns": client.pronouns,
        "care_team": [
            {"id": m.clinician.pk, "display_name": m.clinician.display_name}
            for m in client.care_team.all()
        ],
    }


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The signed-in person")
def me(request: AuthenticatedHttpRequest) -> dict[str, object]:
    user = request.user
    client_id = None
    if user.role == Role.CLIENT:
        client_id = gate.own_record(user).pk
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "client_id": client_id,
    }


@router.get("/clients", response={200: list[ClientOut], **ERRORS}, summary="Clients I may reach")
def list_clients(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    """Clients on my care team (clinician) or my supervisees' teams (supervisor)."""
    clients = list(
        gate.reachable_clients(request.user)
        .select_related("user")
        .prefetch_related("care_team__clinician")
        .order_by("id")
    )
    if request.user.role != Role.CLIENT:
        gate.record_summaries(
            request.user, [c.pk for c in clients], where="their client list, through the API"
        )
    return [_client_out(c) for c in clients]


@router.get("/clients/{int:client_id}", response={200: ClientOut, **ERRORS}, summary="One client")
def get_client(request: AuthenticatedHttpRequest, client_id: int) -> dict[str, object]:
    client = gate.open_record(request.user, client_id, category=Category.PROFILE)
    return _client_out(client)
