"""The fairness report: for each signal kind, how often it fires and how often clinicians found it
useful, broken down by the demographic fields a program records. Counts only; small groups are
shown as "fewer than 5" so the report cannot point at a person."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from reconnect.people.models import Client
from reconnect.radar.models import Signal

FIELDS = {
    "age_band": "Age band",
    "gender": "Gender",
    "language": "Language",
    "race_ethnicity": "Race or ethnicity",
}
SMALL = 5


@dataclass(frozen=True)
class Cell:
    group: str
    clients: int
    fired: int
    per_client: float | None
    rated: int
    useful: int

    @property
    def useful_share(self) -> float | None:
        return self.useful / self.rated if self.rated else None

    @property
    def suppressed(self) -> bool:
        return self.clients < SMALL


def fairness_report(program_id: int) -> dict[str, dict[str, list[Cell]]]:
    """{field: {signal kind: [cells by group]}} for the program's clients."""
    clients = list(Client.objects.filter(program_id=program_id).values("pk", *FIELDS))
    group_of = {field: {c["pk"]: c[field] or "not recorded" for c in clients} for field in FIELDS}
    sizes = {field: Counter(group_of[field].values()) for field in FIELDS}
    signals = Signal.objects.filter(client__program_id=program_id).values_list(
        "client_id", "kind", "useful"
    )
    fired: dict[tuple[str, str, str], int] = defaultdict(int)
    rated: dict[tuple[str, str, str], int] = defaultdict(int)
    useful: dict[tuple[str, str, str], int] = defaultdict(int)
    kinds: set[str] = set()
    for client_id, kind, was_useful in signals:
        kinds.add(kind)
        for field in FIELDS:
            key = (field, kind, group_of[field].get(client_id, "not recorded"))
            fired[key] += 1
            if was_useful is not None:
                rated[key] += 1
                useful[key] += int(was_useful)
    report: dict[str, dict[str, list[Cell]]] = {}
    for field in FIELDS:
        report[field] = {}
        for kind in sorted(kinds):
            report[field][kind] = [
                Cell(
                    group=group,
                    clients=size,
                    fired=fired[(field, kind, group)],
                    per_client=round(fired[(field, kind, group)] / size, 2) if size else None,
                    rated=rated[(field, kind, group)],
                    useful=useful[(field, kind, group)],
                )
                for group, size in sorted(sizes[field].items())
            ]
    return report
