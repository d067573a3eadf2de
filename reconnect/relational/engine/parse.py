"""Reading session transcripts: plain text with speaker prefixes, WebVTT with voice tags, or CSV.

Every malformed input raises TranscriptError naming the line, and nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

THERAPIST_LABELS = {"t", "therapist", "counsellor", "counselor", "clinician"}
CLIENT_LABELS = {"c", "client", "patient"}
MAX_UTTERANCES = 5000
MAX_BYTES = 5 * 1024 * 1024


class TranscriptError(ValueError):
    """The transcript cannot be read; the message names the line and says what is wrong."""


@dataclass(frozen=True)
class Utterance:
    index: int
    speaker: str  # "therapist" or "client"
    text: str


def speaker_of(label: str, line: int) -> str:
    key = label.strip().lower()
    if key in THERAPIST_LABELS:
        return "therapist"
    if key in CLIENT_LABELS:
        return "client"
    raise TranscriptError(
        f"line {line}: unknown speaker {label.strip()!r} (use T/Therapist/Counsellor/Clinician "
        "or C/Client/Patient)"
    )


_PREFIX = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*)$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>(.*?)(?:</v>)?\s*$")
_TIMING = re.compile(r"^\s*(\d{2}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(\d{2}:)?\d{2}:\d{2}\.\d{3}")


def parse_text(text: str) -> list[Utterance]:
    """`T: …` / `C: …` lines; a line without a prefix continues the previous utterance."""
    turns: list[tuple[str, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _PREFIX.match(raw)
        if match:  # a speaker label, known or not (an unknown one is an error, never text)
            turns.append((speaker_of(match.group(1), number), [match.group(2).strip()]))
        elif turns:
            turns[-1][1].append(raw.strip())
        else:
            raise TranscriptError(f"line {number}: expected a speaker prefix such as 'T:' or 'C:'")
    return _finish([(speaker, " ".join(parts)) for speaker, parts in turns])


def parse_vtt(text: str) -> list[Utterance]:
    """WebVTT cues whose text carries `<v Speaker>` voice tags."""
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptError("line 1: a WebVTT file starts with 'WEBVTT'")
    turns: list[tuple[str, str]] = []
    in_cue = False
    for number, raw in enumerate(lines[1:], start=2):
        if _TIMING.match(raw):
            in_cue = True
            continue
        if not raw.strip():
            in_cue = False
            continue
        if not in_cue:
            continue  # cue identifiers, NOTE and STYLE blocks
        match = _VOICE.search(raw)
        if match:
            turns.append((speaker_of(match.group(1).split()[0], number), _untag(match.group(2))))
        elif turns:
            turns[-1] = (turns[-1][0], f"{turns[-1][1]} {_untag(raw)}".strip())
        else:
            raise TranscriptError(f"line {number}: a cue needs a voice tag such as <v Therapist>")
    return _finish(turns)


def _untag(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


def parse_csv(text: str) -> list[Utterance]:
    """A CSV with a `speaker` (or `interlocutor`) column and a `text` (or `utterance_text`) one."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    speaker_col = fields.get("speaker") or fields.get("interlocutor")
    text_col = fields.get("text") or fields.get("utterance_text")
    if not speaker_col or not text_col:
        raise TranscriptError(
            "line 1: the CSV needs a 'speaker' (or 'interlocutor') and a 'text' "
            "(or 'utterance_text') column"
        )
    turns = []
    rows = enumerate(reader, start=2)
    while True:
        try:
            number, row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a cell longer than the csv module's limit
            raise TranscriptError(f"line {reader.line_num}: {error}") from error
        if row.get(speaker_col) is None or row.get(text_col) is None:
            raise TranscriptError(f"line {number}: the row has too few columns")
        turns.append((speaker_of(row[speaker_col], number), row[text_col].strip()))
    return _finish(turns)


def _finish(turns: list[tuple[str, str]]) -> list[Utterance]:
    utterances = [Utterance(i, speaker, text) for i, (speaker, text) in enumerate(turns) if text]
    if not utterances:
        raise TranscriptError("line 1: no utterances found")
    if len(utterances) > MAX_UTTERANCES:
        raise TranscriptError(f"line 1: more than {MAX_UTTERANCES} utterances")
    return [Utterance(i, u.speaker, u.text) for i, u in enumerate(utterances)]


def parse(text: str, *, name: str = "") -> list[Utterance]:
    """Read a transcript, choosing the format from the file name or the content."""
    suffix = Path(name).suffix.lower()
    stripped = text.lstrip("\ufeff")
    if suffix == ".vtt" or stripped.startswith("WEBVTT"):
        return parse_vtt(stripped)
    if suffix == ".csv":
        return parse_csv(stripped)
    return parse_text(stripped)


def read_file(path: str | Path) -> list[Utterance]:
    """Read a transcript file (UTF-8)."""
    file = Path(path)
    try:
        with file.open("rb") as handle:  # a pipe or device says nothing of its size
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise TranscriptError(f"{file.name}: larger than {MAX_BYTES // 1024 // 1024} MB")
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"{file.name}: not UTF-8 text") from exc
    except OSError as exc:
        raise TranscriptError(f"{file.name}: cannot be read ({exc.strerror})") from exc
    return parse(text, name=file.name)
