"""The client's peer groups: each of their own posts as a FHIR Communication, and each group
place (member, invited, left…) as a Basic resource, both carrying the group in one documented
extension. Only the client's own words: other members' posts are theirs, not this record's.

Extension `https://reconnect.example/fhir/StructureDefinition/peer-group` (complex):
  `group` (valueString, the group's name), `alias` (valueString, the name the client used in
  it), and on a membership `status` (valueCode: invited, requested, active, declined, left,
  removed). A post's `inResponseTo` names the client's own post it replies to, when it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.groups.models import GroupMember, Post, PostState
from reconnect.people.models import Client
from reconnect.records.export.fhir import EXT, patient_ref, text_concept

PEER_GROUP = f"{EXT}/StructureDefinition/peer-group"
STATUS = {
    PostState.PUBLISHED: "completed",
    PostState.HELD: "on-hold",
    PostState.HIDDEN: "stopped",
}


def peer_group_extension(name: str, alias: str, status: str | None = None) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"url": "group", "valueString": name},
        {"url": "alias", "valueString": alias or "(none chosen)"},
    ]
    if status is not None:
        parts.append({"url": "status", "valueCode": status})
    return {"url": PEER_GROUP, "extension": parts}


def group_places(client: Client) -> Iterator[dict[str, Any]]:
    for seat in GroupMember.objects.filter(client=client).select_related("group"):
        yield {
            "resourceType": "Basic",
            "id": f"peer-group-place-{seat.pk}",
            "code": text_concept("Peer group membership", "peer-group-membership"),
            "subject": patient_ref(client),
            "created": (seat.joined_at or seat.created_at).date().isoformat(),
            "extension": [peer_group_extension(seat.group.name, seat.alias, seat.status)],
        }


def group_posts(client: Client) -> Iterator[dict[str, Any]]:
    posts = (
        Post.objects.filter(member__client=client)
        .exclude(state=PostState.DELETED)
        .select_related("group")
        .order_by("created_at", "id")
    )
    own = set(posts.values_list("pk", flat=True))
    for post in posts:
        resource: dict[str, Any] = {
            "resourceType": "Communication",
            "id": f"peer-group-post-{post.pk}",
            "status": STATUS.get(post.state, "completed"),  # type: ignore[call-overload]
            "category": [text_concept("Peer group post", "peer-group-post")],
            "medium": [{"text": "Peer group in Reconnect"}],
            "subject": patient_ref(client),
            "sender": patient_ref(client),
            "recipient": [{"display": f"Members of {post.group.name}"}],
            "sent": post.created_at.isoformat(),
            "payload": [{"contentString": post.body}],
            "extension": [peer_group_extension(post.group.name, post.alias)],
        }
        if post.reply_to_id in own:
            resource["inResponseTo"] = [
                {"reference": f"Communication/peer-group-post-{post.reply_to_id}"}
            ]
        yield resource
