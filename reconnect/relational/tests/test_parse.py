"""Reading transcripts in every format, and refusing malformed ones with the line named."""

from __future__ import annotations

import pytest

from reconnect.relational.engine.parse import TranscriptError, parse, read_file

TEXT = """T: How have things been since we last met?
C: Honestly, pretty rough. I've been drinking more
than I wanted to.
Therapist: It's been harder than you hoped.
Client: Yeah.
Counsellor: What would you like to be different?
Patient: I want to be there for my kids.
"""

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Therapist>How have things been?</v>

2
00:00:04.500 --> 00:00:08.000
<v Client>Pretty rough,
honestly.

NOTE a comment block

3
00:00:09.000 --> 00:00:10.000
<v.loud Counselor>That sounds hard.</v>
"""

CSV = 'interlocutor,utterance_text\ntherapist,"How are you, today?"\nclient,Fine.\n'


def test_plain_text_with_every_speaker_label_and_continuation_lines():
    utterances = parse(TEXT)
    assert [u.speaker for u in utterances] == ["therapist", "client"] * 3
    assert utterances[1].text == "Honestly, pretty rough. I've been drinking more than I wanted to."
    assert [u.index for u in utterances] == list(range(6))


def test_webvtt_with_voice_tags_classes_and_multi_line_cues():
    utterances = parse(VTT, name="session.vtt")
    assert [(u.speaker, u.text) for u in utterances] == [
        ("therapist", "How have things been?"),
        ("client", "Pretty rough, honestly."),
        ("therapist", "That sounds hard."),
    ]


def test_csv_with_either_column_names():
    assert [u.text for u in parse(CSV, name="s.csv")] == ["How are you, today?", "Fine."]
    other = "speaker,text\nT,Hello\nC,Hi\n"
    assert [u.speaker for u in parse(other, name="s.csv")] == ["therapist", "client"]


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("T: hi\nNurse: hello\n", "", "unknown speaker 'Nurse'"),
        ("hello there\nT: hi\n", "", "line 1: expected a speaker prefix"),
        ("Doctor: hi\n", "", "line 1: unknown speaker 'Doctor'"),
        ("", "", "no utterances"),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno voice tag\n",
            "x.vtt",
            "line 4: a cue needs a voice tag",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Narrator>hi\n",
            "x.vtt",
            "line 4: unknown speaker 'Narrator'",
        ),
        ("not vtt\n", "x.vtt", "line 1: a WebVTT file starts with 'WEBVTT'"),
        ("who,what\nT,hi\n", "x.csv", "line 1: the CSV needs"),
        ("speaker,text\nT,hi\nDoctor,hello\n", "x.csv", "line 3: unknown speaker 'Doctor'"),
        ("speaker,text\nT\n", "x.csv", "line 2: the row has too few columns"),
    ],
)
def test_malformed_transcripts_name_the_line(text, name, message):
    with pytest.raises(TranscriptError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text, name=name)


def test_unreadable_files_say_so(tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(TranscriptError, match="not UTF-8"):
        read_file(binary)
    with pytest.raises(TranscriptError, match="cannot be read"):
        read_file(tmp_path / "missing.txt")


def test_a_csv_cell_too_large_for_the_reader_is_refused_with_its_line(tmp_path):
    from reconnect.relational.engine.parse import TranscriptError, parse_csv

    with pytest.raises(TranscriptError, match="line"):
        parse_csv("speaker,text\nT," + "x" * 200_000 + "\n")
