"""The strong model's examples: every AnnoMI utterance as the pair the encoder reads (see
engine/context.py) with its labels, every EPITOME reply with its post; the grouped validation
split; and macro-F1 from the model's logits. Needs no torch, so tests can check it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from reconnect.relational.engine.context import reply_pair, utterance_pairs
from reconnect.relational.engine.encoder import HEADS, columns
from reconnect.relational.training.data import (
    EMPATHY,
    Row,
    load_annomi,
    load_epitome_pairs,
    subtype,
)
from reconnect.relational.training.estimators import FOLDS
from reconnect.relational.training.evaluation import macro_f1


def annomi_examples(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Each utterance's pair and its labels (a task it has no label for is left out)."""
    by_transcript: dict[str, list[Row]] = {}
    for row in rows:
        by_transcript.setdefault(row["transcript"], []).append(row)
    out = []
    for turns in by_transcript.values():
        turns.sort(key=lambda r: r["position"])
        pairs = utterance_pairs([(r["speaker"], r["text"]) for r in turns])
        for row, pair in zip(turns, pairs, strict=True):
            codes = row["codes"]
            labels: dict[str, str] = {}
            if row["speaker"] == "client":
                if codes.get("client_talk_type") not in (None, "", "n/a"):
                    labels["talk_type"] = codes["client_talk_type"]
            else:
                labels["behaviour"] = codes["main_therapist_behaviour"]
                for task, behaviour in (
                    ("reflection_type", "reflection"),
                    ("question_type", "question"),
                    ("input_type", "therapist_input"),
                ):
                    found = subtype(row, behaviour)
                    if found:
                        labels[task] = found
            out.append({"pair": pair, "labels": labels, "group": row["group"], "row": row})
    return out


def epitome_examples(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [
        {
            "pair": reply_pair(r["prev"], r["text"]),
            "labels": {name: str(r["labels"][name]) for name in EMPATHY},
            "group": r["group"],
            "row": r,
        }
        for r in rows
    ]


def grouped_split(examples: Sequence[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """The first of the five grouped folds as validation, the rest for training."""
    groups = [e["group"] for e in examples]
    train, test = next(GroupKFold(n_splits=FOLDS).split(examples, groups=groups))
    return list(train), list(test)


def examples(
    data: Path, corrections: Sequence[Row] = ()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The training and validation examples of both data sets (corrections train only)."""
    annomi = annomi_examples(load_annomi(data / "annomi"))
    epitome = epitome_examples(load_epitome_pairs(data / "epitome"))
    train: list[dict[str, Any]] = []
    valid: list[dict[str, Any]] = []
    for found in (annomi, epitome):
        tr, va = grouped_split(found)
        train += [found[i] for i in tr]
        valid += [found[i] for i in va]
    train += [correction_example(row) for row in corrections]
    for e in train + valid:
        e["source"] = "epitome" if "rationales" in e["row"] else "annomi"
        e["length"] = sum(len(t) for t in e["pair"])
    return train, valid


def correction_example(row: Row) -> dict[str, Any]:
    """A clinician's corrected utterance, read with the neighbouring turns it was kept with."""
    other = "client" if row["speaker"] == "therapist" else "therapist"
    turns = [(other, row["prev"]), (row["speaker"], row["text"])]
    if row.get("next"):
        turns.append((other, row["next"]))
    pair = utterance_pairs(turns)[1]
    (example,) = annomi_examples([{**row, "position": 0}])
    return {**example, "pair": pair}


def scores(logits: np.ndarray, examples: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Macro-F1 per task on the examples labelled for it, and the subtypes end to end (every
    utterance coded as a reflection or question, whatever behaviour the model chose)."""
    cols = columns()
    classes = dict(HEADS)
    out = {}
    for task, names in HEADS:
        idx = [k for k, e in enumerate(examples) if task in e["labels"]]
        if not idx:
            continue
        chosen = [names[j] for j in logits[idx][:, cols[task]].argmax(1)]
        out[task] = macro_f1([examples[k]["labels"][task] for k in idx], chosen)
    behaviour = classes["behaviour"]
    for task, main in (("reflection_type", "reflection"), ("question_type", "question")):
        idx = [
            k
            for k, e in enumerate(examples)
            if e["labels"].get("behaviour") == main and task in e["labels"]
        ]
        if not idx:
            continue
        predicted = []
        for k in idx:
            b = behaviour[int(logits[k][cols["behaviour"]].argmax())]
            sub = classes[task][int(logits[k][cols[task]].argmax())]
            predicted.append(sub if b == main else "missed")
        out[f"{task}_end_to_end"] = macro_f1(
            [examples[k]["labels"][task] for k in idx], predicted, labels=classes[task]
        )
    return out
