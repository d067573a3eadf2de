"""What the clinician reads, measured: each session figure of the result page computed from the
model's out-of-fold codes and from the annotators' codes of the same transcript, and how well
they agree across sessions (ICC(2,1), mean absolute error, MITI band agreement). Also the
annotators' agreement with each other on the transcripts several of them coded, as a ceiling."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.reliability import FIGURES
from reconnect.relational.engine.summary import THRESHOLDS, band, figures
from reconnect.relational.training.agreement import band_agreement, icc_2_1, mae, paired
from reconnect.relational.training.data import Row

# A row's predicted codes: behaviour, reflection type, question type, input type, talk type.
Predicted = Mapping[str, str | None]


def _subtype(codes: Mapping[str, str], behaviour: str) -> str | None:
    found = codes.get(f"{behaviour}_subtype", "n/a")
    if codes.get("main_therapist_behaviour") != behaviour or found in ("n/a", ""):
        return None
    return found


def annotated(position: int, speaker: str, codes: Mapping[str, str]) -> CodedUtterance:
    """An utterance as the annotator coded it."""
    if speaker == "client":
        talk = codes.get("client_talk_type")
        return CodedUtterance(position, speaker, "", None, None, None, talk, ())
    return CodedUtterance(
        position,
        speaker,
        "",
        codes.get("main_therapist_behaviour"),
        _subtype(codes, "reflection"),
        _subtype(codes, "question"),
        None,
        (),
        _subtype(codes, "therapist_input"),
    )


def predicted(position: int, speaker: str, codes: Predicted) -> CodedUtterance:
    """An utterance as the model coded it (subtypes only under their own behaviour, as the
    engine reports them)."""
    if speaker == "client":
        return CodedUtterance(position, speaker, "", None, None, None, codes.get("talk_type"), ())
    behaviour = codes.get("behaviour")
    return CodedUtterance(
        position,
        speaker,
        "",
        behaviour,
        codes.get("reflection_type") if behaviour == "reflection" else None,
        codes.get("question_type") if behaviour == "question" else None,
        None,
        (),
        codes.get("input_type") if behaviour == "therapist_input" else None,
    )


def session_values(coded: Sequence[CodedUtterance]) -> dict[str, float | None]:
    """The four figures of the result page for one coded session."""
    found = figures(coded)
    return {name: found[name] for name in FIGURES}


def sessions(
    rows: Sequence[Row], codes: Sequence[Predicted]
) -> dict[str, tuple[list[CodedUtterance], list[CodedUtterance]]]:
    """Each transcript's utterances as annotated and as predicted, in order."""
    out: dict[str, tuple[list[CodedUtterance], list[CodedUtterance]]] = defaultdict(
        lambda: ([], [])
    )
    for row, found in zip(rows, codes, strict=True):
        gold, model = out[row["transcript"]]
        gold.append(annotated(row["position"], row["speaker"], row["codes"]))
        model.append(predicted(row["position"], row["speaker"], found))
    for gold, model in out.values():
        gold.sort(key=lambda u: u.index)
        model.sort(key=lambda u: u.index)
    return dict(out)


def agreement(
    per_session: Mapping[str, tuple[Sequence[CodedUtterance], Sequence[CodedUtterance]]],
) -> dict[str, Any]:
    """Per figure, across sessions: ICC(2,1) of model against annotators, mean absolute error,
    how many sessions had the figure in both, and (R:Q, % complex) MITI band agreement."""
    gold = [session_values(g) for g, _ in per_session.values()]
    model = [session_values(m) for _, m in per_session.values()]
    out: dict[str, Any] = {}
    for name in FIGURES:
        pairs = paired([m[name] for m in model], [g[name] for g in gold])
        figure: dict[str, Any] = {
            "icc": _round(icc_2_1(pairs)),
            "mae": _round(mae(pairs)),
            "sessions": len(pairs),
        }
        if name in THRESHOLDS:
            figure["band_agreement"] = _round(band_agreement(pairs, partial(band, name=name)))
        out[name] = figure
    return {"sessions": len(per_session), "figures": out}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def annotator_agreement(folder: Path) -> dict[str, Any]:
    """ICC(2,1) among the annotators on the transcripts that several of them coded in full:
    how far trained coders agree with each other on the same figures (the ceiling)."""
    coded: dict[str, dict[str, list[CodedUtterance]]] = defaultdict(lambda: defaultdict(list))
    with (folder / "AnnoMI-full-train.csv").open(encoding="utf-8") as file:
        for r in csv.DictReader(file):
            utterance = annotated(int(r["utterance_id"]), r["interlocutor"], r)
            coded[r["transcript_id"]][r["annotator_id"]].append(utterance)
    shared = {t: by for t, by in coded.items() if len(by) > 1}
    if not shared:
        return {"transcripts": 0}
    raters = sorted(set.intersection(*(set(by) for by in shared.values())))
    values = {
        t: [session_values(sorted(by[a], key=lambda u: u.index)) for a in raters]
        for t, by in shared.items()
    }
    out: dict[str, Any] = {}
    for name in FIGURES:
        table = [[v[name] for v in row] for row in values.values()]
        complete = [[float(x) for x in row if x is not None] for row in table if None not in row]
        out[name] = {"icc": _round(icc_2_1(complete)), "sessions": len(complete)}
    return {"transcripts": len(shared), "annotators": len(raters), "figures": out}
