"""The command-line contract other tools rely on: analyze and empathy."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from reconnect.relational.engine import strong
from tests.children import run_reconnect_batch

SESSION = (
    "T: How are things?\nC: I want to stop drinking before the summer.\nT: That matters to you.\n"
)


MALFORMED = ["T: hi\nNurse: hello\n", "just words\n"]


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> dict:
    """The runs that must fail, each as a script sees it (exit status, stdout, stderr); one child
    process runs them all (conftest.run_reconnect_batch)."""
    folder = tmp_path_factory.mktemp("cli")
    (folder / "good.txt").write_text(SESSION)
    for n, content in enumerate(MALFORMED):
        (folder / f"bad{n}.txt").write_text(content)
    (folder / "x.csv").write_text("post,reply\na,b\n")
    commands = {
        **{n: ["analyze", f"{folder}/good.txt", f"{folder}/bad{n}.txt"] for n in (0, 1)},
        "unreadable": ["analyze", f"{folder}/nope.txt"],
        "no_columns": ["empathy", f"{folder}/x.csv"],
    }
    if not strong.available():
        commands["no_strong"] = ["analyze", "--model", "strong", f"{folder}/good.txt"]
    return dict(zip(commands, run_reconnect_batch(*commands.values()), strict=True))


def test_one_file_gives_one_json_object_with_every_field(tmp_path, capsys):
    path = tmp_path / "s.txt"
    path.write_text(SESSION)
    call_command("analyze", str(path))
    result = json.loads(capsys.readouterr().out)
    assert [u["speaker"] for u in result["utterances"]] == ["therapist", "client", "therapist"]
    assert set(result["utterances"][0]) == {
        "index",
        "speaker",
        "text",
        "behaviour",
        "reflection_type",
        "question_type",
        "talk_type",
        "input_type",
        "language_flags",
    }
    assert result["utterances"][1]["behaviour"] is None and result["utterances"][1]["talk_type"]
    assert {"reflection_to_question", "percent_complex_reflections", "feedback"} <= set(
        result["summary"]
    )
    reliability = result["summary"]["reliability"]["reflection_to_question"]
    assert reliability["words"].endswith(f"(ICC {reliability['icc']:.2f})")


def test_several_files_give_json_lines_in_input_order(tmp_path, capsys):
    first, second = tmp_path / "a.txt", tmp_path / "b.csv"
    first.write_text(SESSION)
    second.write_text("speaker,text\nT,Hello\nC,Hi\n")
    call_command("analyze", str(first), str(second))
    lines = capsys.readouterr().out.strip().splitlines()
    assert [len(json.loads(line)["utterances"]) for line in lines] == [3, 2]


def test_the_text_format_is_a_readable_report(tmp_path, capsys):
    path = tmp_path / "s.txt"
    path.write_text(SESSION)
    call_command("analyze", str(path), format="text")
    assert "Reflection-to-question ratio" in capsys.readouterr().out


@pytest.mark.parametrize("malformed", range(len(MALFORMED)), ids=MALFORMED)
def test_malformed_input_exits_2_with_one_line_and_writes_nothing(refused, malformed):
    result = refused[malformed]
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "line" in result.stderr


def test_an_unreadable_file_exits_2(refused):
    result = refused["unreadable"]
    assert result.returncode == 2 and "cannot be read" in result.stderr


def test_empathy_adds_three_level_columns(tmp_path, capsys):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "seeker_post,response_post\n"
        '"I lost my job and feel worthless.","I am so sorry, that sounds hard. What happened?"\n'
        '"Nobody calls me.","You feel forgotten."\n'
    )
    call_command("empathy", str(path))
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2
    for row in rows:
        assert {row[k] for k in ("emotional_reactions", "interpretations", "explorations")} <= {
            "0",
            "1",
            "2",
        }


def test_empathy_without_the_columns_exits_2(refused):
    result = refused["no_columns"]
    assert result.returncode == 2 and "seeker_post" in result.stderr


def test_the_strong_model_without_its_extra_exits_2_with_how_to_install(refused):
    if strong.available():
        pytest.skip("the strong extra is installed here")
    result = refused["no_strong"]
    assert result.returncode == 2 and "strong" in result.stderr and result.stdout == ""
