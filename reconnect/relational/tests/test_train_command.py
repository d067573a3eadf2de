"""`reconnect train_relational` end to end on a small synthetic corpus (the research data never
ships with the project), and the engine staying free of training and of Django."""

from __future__ import annotations

import ast
import csv
import json
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reconnect.relational import engine
from reconnect.relational.engine import empathy, load, parse
from reconnect.relational.engine.model import code
from reconnect.relational.training.data import EMPATHY

THERAPIST = [
    ("question", "n/a", "open", "What would you like to change about your drinking?"),
    ("reflection", "simple", "n/a", "You want to drink less."),
    ("question", "n/a", "closed", "Did you drink yesterday?"),
    ("reflection", "complex", "n/a", "It sounds like your kids matter more than the drinking."),
    ("therapist_input", "n/a", "n/a", "Many people find a plan helps with cutting down."),
    ("other", "n/a", "n/a", "Okay, thanks for coming in today."),
    ("therapist_input", "n/a", "n/a", "You really need to go to group every week."),
]
INPUT_TYPES = {
    "Many people find a plan helps with cutting down.": "information",
    "You really need to go to group every week.": "advice",
}
CLIENT = [
    ("change", "I want to stop drinking before the summer for my kids."),
    ("neutral", "I went to the shop on Tuesday with my sister."),
    ("sustain", "I don't think drinking is a problem, everyone drinks."),
]
REPLIES = [
    ("I'm so sorry you're going through this.", "What happened next?", ("2", "0", "2")),
    ("That sounds really hard.", "I went through the same thing last year.", ("1", "2", "0")),
    ("Try running every morning.", "It helps a bit.", ("0", "0", "0")),
    ("I feel for you, that must hurt.", "Have you talked to anyone about it?", ("2", "0", "1")),
]


def _annomi(folder: Path, videos: int = 6) -> None:
    folder.mkdir()
    with (folder / "AnnoMI-full-train.csv").open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(
            [
                "transcript_id",
                "video_url",
                "utterance_id",
                "interlocutor",
                "utterance_text",
                "annotator_id",
                "reflection_subtype",
                "question_subtype",
                "therapist_input_subtype",
                "main_therapist_behaviour",
                "client_talk_type",
            ]
        )
        for video in range(videos):
            turn = 0
            for k in range(12):
                behaviour, reflection, question, said = THERAPIST[(k + video) % len(THERAPIST)]
                talk, answer = CLIENT[(k + video) % len(CLIENT)]
                url = f"https://video.example/{video}"
                for annotator in (1, 0):  # the first annotator's codes are the ones kept
                    given = INPUT_TYPES.get(said, "n/a")
                    rows.writerow(
                        [video, url, turn, "therapist", f"{said} ({video})", annotator]
                        + [reflection, question, given, behaviour, "n/a"]
                    )
                    rows.writerow(
                        [video, url, turn + 1, "client", f"{answer} ({k})", annotator]
                        + ["n/a", "n/a", "n/a", "n/a", talk]
                    )
                turn += 2


def _epitome(folder: Path, posts: int = 10) -> None:
    folder.mkdir()
    for d, file in enumerate(EMPATHY.values()):
        with (folder / file).open("w", newline="", encoding="utf-8") as out:
            rows = csv.writer(out)
            rows.writerow(["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"])
            for post in range(posts):
                for k in range(2):
                    first, second, levels = REPLIES[(post + k) % len(REPLIES)]
                    spans = {"0": "", "1": first, "2": f"{first}|{second}"}[levels[d]]
                    rows.writerow(
                        [
                            f"post{post}",
                            f"reply{post}-{k}",
                            f"I feel so alone since my brother left ({post}).",
                            f"{first} {second}",
                            levels[d],
                            spans,
                        ]
                    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    _annomi(tmp_path / "annomi")
    _epitome(tmp_path / "epitome")
    return tmp_path


def test_training_without_its_data_folders_exits_2(tmp_path):
    (tmp_path / "annomi").mkdir()
    with pytest.raises(CommandError, match="epitome is missing") as refused:
        call_command("train_relational", "--data", str(tmp_path), "--out", str(tmp_path / "m"))
    assert refused.value.returncode == 2


def test_training_writes_models_the_engine_loads_and_the_honest_figures(corpus, capsys):
    out = corpus / "models"
    call_command("train_relational", "--data", str(corpus), "--out", str(out))
    printed = json.loads(capsys.readouterr().out)
    metrics = json.loads((out / "metrics.json").read_text())
    tasks = {"behaviour", "reflection_type", "question_type", "input_type", "talk_type", *EMPATHY}
    end_to_end = {"reflection_type_end_to_end", "question_type_end_to_end"}
    assert tasks | end_to_end == set(printed["macro_f1"])
    assert printed["macro_f1"] == metrics["macro_f1"] and set(metrics["counts"]) == tasks
    assert printed["session"] == metrics["session"] and metrics["session"]["sessions"] == 6
    assert metrics["corrections"] == {"used": 0, "not_usable": 0}
    assert metrics["counts"]["behaviour"] == 72 and metrics["counts"]["explorations"] == 20
    assert all(0 <= figure <= 1 for figure in printed["macro_f1"].values())

    models = load(out / "default.joblib")
    coded = code(parse("T: What would you like to change?\nC: I want to stop drinking."), models)
    assert coded[0].behaviour in {b for b, *_ in THERAPIST} and coded[1].talk_type
    levels = empathy([("I feel so alone.", "I'm so sorry. What happened next?")], models)
    assert set(levels[0]) == set(EMPATHY) and set(levels[0].values()) <= {0, 1, 2}


def test_training_without_evaluation_writes_no_figures(corpus):
    out = corpus / "models"
    call_command("train_relational", "--data", str(corpus), "--out", str(out), "--no-evaluate")
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["macro_f1"] == {} and metrics["offsets"] == {}
    assert (out / "default.joblib").exists() and not (out / "strong.onnx").exists()


# What the engine may import: the standard library, its numeric stack, the ONNX runtime and
# tokenizer of the strong model (never torch), itself, and the pure language check.
ENGINE_MAY_IMPORT = (
    "numpy",
    "scipy",
    "joblib",
    "onnxruntime",
    "tokenizers",
    "reconnect.relational.engine",
    "reconnect.core.language",
)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_the_engine_imports_neither_django_nor_training_nor_another_app():
    folder = Path(engine.__file__).parent
    imported = set().union(*(_imports(p) for p in folder.glob("*.py")))
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names
        and not name.startswith(ENGINE_MAY_IMPORT)
    }
    assert outside == set()
