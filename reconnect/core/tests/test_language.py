"""The language check, and the project's own words passing it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reconnect.core.language import check_language

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "term", "suggestion"),
    [
        ("He is an addict.", "addict", "person with a substance use disorder"),
        ("a former addict", "former addict", "person in recovery"),
        ("history of drug abuse", "drug abuse", "substance use"),
        ("She has been clean for a year", "been clean", "in recovery"),
        ("The test was dirty", "was dirty", "tested positive"),
        ("a clean urine screen", "clean urine", "tested negative"),
        ("client is non-compliant", "non-compliant", "not yet engaged"),
        ("He relapsed last week", "relapsed", "return to use"),
        ("on methadone maintenance", "methadone maintenance", "medication for opioid"),
        ("Alcoholics", "Alcoholics", "alcohol use disorder"),
        ("an addicted baby", "addicted baby", "exposed to substances"),
    ],
)
def test_stigmatizing_terms_are_flagged_with_a_person_first_suggestion(text, term, suggestion):
    flags = check_language(text)
    assert [f.term for f in flags] == [term]
    assert suggestion in flags[0].suggestion
    assert text[flags[0].start : flags[0].end] == term


@pytest.mark.parametrize(
    "text",
    [
        "A person in recovery who uses our app",
        "Please clean up the form data",
        "a user account and its settings",
        "person with a substance use disorder",
        "cleaned_data",
    ],
)
def test_ordinary_and_person_first_words_pass(text):
    assert check_language(text) == []


def test_overlapping_rules_report_a_phrase_once():
    assert [f.term for f in check_language("a reformed addict")] == ["reformed addict"]


def _python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_every_template_and_user_facing_message_uses_person_first_language():
    findings = []
    for template in (ROOT / "templates").rglob("*.*"):
        for flag in check_language(template.read_text()):
            findings.append(f"{template.relative_to(ROOT)}: {flag.term} → {flag.suggestion}")
    for module in (ROOT / "reconnect").rglob("*.py"):
        if "tests" in module.parts or module.name == "language.py" or "migrations" in module.parts:
            continue
        for text in _python_strings(module):
            for flag in check_language(text):
                findings.append(f"{module.relative_to(ROOT)}: {flag.term} → {flag.suggestion}")
    assert findings == []
