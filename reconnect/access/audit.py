"""Verification of the hash-chained audit trail (security-reference #12)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reconnect.access.models import GENESIS_HASH, AccessEvent


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    problem: str


def verify_chain(
    events: Iterable[AccessEvent], *, head: tuple[int, str] | None = None
) -> list[ChainProblem]:
    """Walk the events in id order; report every edited row and every gap where rows are gone.

    `head` is an (id, hash) pair recorded earlier off-host: it proves that no rows were
    removed from the end of the trail since then.
    """
    problems: list[ChainProblem] = []
    expected_prev = GENESIS_HASH
    seen_head = head is None
    for event in events:
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.pk, "rows before this one were removed or edited"))
        if event.compute_hash() != event.row_hash:
            problems.append(ChainProblem(event.pk, "this row was edited after it was written"))
        if head is not None and event.pk == head[0]:
            seen_head = True
            if event.row_hash != head[1]:
                problems.append(ChainProblem(event.pk, "this row differs from the recorded head"))
        expected_prev = event.row_hash
    if not seen_head:
        problems.append(ChainProblem(head[0] if head else None, "the recorded head is missing"))
    return problems


def chain_in_order() -> Iterable[AccessEvent]:
    """All audit events, oldest first, streamed."""
    return AccessEvent.objects.order_by("id").iterator(chunk_size=2000)


def chain_head() -> tuple[int, str] | None:
    """The newest event's (id, hash): ship it off-host to prove later that nothing was cut."""
    last = AccessEvent.objects.order_by("-id").values_list("id", "row_hash").first()
    return (last[0], last[1]) if last else None
