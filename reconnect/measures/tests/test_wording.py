"""Item wording is verbatim from the clinical reference (never edited, even to soften it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconnect.measures import instruments

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "clinical-reference.md"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared clinical reference is not beside")
@pytest.mark.parametrize("code", ["phq9", "gad7", "pcl5", "ucla3", "scssf", "auditc", "barc10"])
def test_every_item_and_option_appears_word_for_word_in_the_reference(code):
    reference = normalise(REFERENCE.read_text())
    instrument = instruments.get(code)
    for item in instrument.items:
        assert normalise(item.text) in reference, item.text
        for option in instrument.options_for(item):
            label = re.sub(r"^\d ", "", option.label)
            assert label.isdigit() or label in reference, option.label
