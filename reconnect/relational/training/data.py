"""Reading the training data: AnnoMI utterances in context and EPITOME reply pairs, and the
labelled rows of each task."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sklearn.pipeline import FeatureUnion

from reconnect.relational.engine.features import contexts
from reconnect.relational.engine.parse import Utterance

EMPATHY = {
    "emotional_reactions": "emotional-reactions-reddit-train.csv",
    "interpretations": "interpretations-reddit-train.csv",
    "explorations": "explorations-reddit-train.csv",
}

# Each task's rows (their positions in the domain's rows) and labels, by task name.
Tasks = dict[str, tuple[list[int], list[str]]]
Row = dict[str, Any]
# A domain's rows, its tasks, and the factory of its (unfitted) feature union.
Domain = tuple[list[Row], Tasks, Callable[[], FeatureUnion]]


def load_annomi(folder: Path) -> list[Row]:
    """One row per utterance (the first annotator's codes), with its context, in order."""
    rows = list(csv.DictReader((folder / "AnnoMI-full-train.csv").open(encoding="utf-8")))
    first: dict[tuple[str, int], dict[str, str]] = {}
    for row in sorted(
        rows, key=lambda r: (r["transcript_id"], int(r["utterance_id"]), r["annotator_id"])
    ):
        first.setdefault((row["transcript_id"], int(row["utterance_id"])), row)
    by_transcript: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (transcript, _), row in sorted(first.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        by_transcript[transcript].append(row)
    out = []
    for transcript, turns in by_transcript.items():
        utterances = [
            Utterance(i, t["interlocutor"], t["utterance_text"]) for i, t in enumerate(turns)
        ]
        for position, (turn, context) in enumerate(zip(turns, contexts(utterances), strict=True)):
            out.append(
                {
                    **context,
                    "group": turn["video_url"],
                    "codes": turn,
                    "transcript": transcript,
                    "position": position,
                }
            )
    return out


def load_epitome_pairs(folder: Path) -> list[Row]:
    """Each (seeker post, response) pair once, with its level on every empathy dimension."""
    pairs: dict[str, Row] = {}
    for name, file in EMPATHY.items():
        for r in csv.DictReader((folder / file).open(encoding="utf-8")):
            row = pairs.setdefault(
                r["rp_id"],
                {
                    "id": r["rp_id"],
                    "text": r["response_post"],
                    "prev": r["seeker_post"],
                    "group": r["sp_id"],
                    "labels": {},
                    "rationales": {},
                },
            )
            row["labels"][name] = r["level"]
            spans = (span.strip() for span in r["rationales"].split("|"))
            row["rationales"][name] = [span for span in spans if len(span) > 3]
    return [pairs[k] for k in sorted(pairs)]


def indexed(rows: Sequence[Row], keep: Callable[[Row], str | None]) -> tuple[list[int], list[str]]:
    """The positions and labels of the rows that have a label for one task."""
    picked = [(i, keep(r)) for i, r in enumerate(rows)]
    pairs = [(i, label) for i, label in picked if label]
    return [i for i, _ in pairs], [label for _, label in pairs]


def subtype(row: Row, behaviour: str) -> str | None:
    """The subtype of an utterance the annotators coded with this main behaviour, else None."""
    codes = row["codes"]
    found = codes.get(f"{behaviour}_subtype", "n/a")
    if codes["main_therapist_behaviour"] != behaviour or found in ("n/a", ""):
        return None
    return str(found)


def level(name: str) -> Callable[[Row], str | None]:
    """A reply's level on one empathy dimension."""

    def of(row: Row) -> str | None:
        return str(row["labels"][name])

    return of
