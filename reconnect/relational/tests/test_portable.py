"""The engine runs without scikit-learn, and its portable TF-IDF vocabularies give exactly what
scikit-learn's TfidfVectorizer gave at training time. The fixture (fixtures/tfidf.json) holds
what scikit-learn 1.9.1 fitted and produced on the invented sentences below; rewrite it with
`write_fixture()` only after checking a new scikit-learn on purpose."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reconnect.relational.engine.features import Vocabulary

FIXTURE = Path(__file__).with_name("fixtures") / "tfidf.json"
FIT = [
    "What would you like to change about your drinking?",
    "You want to drink less, and you're not sure how.",
    "So it sounds like your kids matter more than the drinking.",
    "Did you drink yesterday?",
    "I don't think it's a problem... everyone drinks!",
    "I want to stop before the summer — for my kids.",
    "It's been  hard,   really hard, since I lost the job.",
    "Café nights were the worst; naïve of me, I know.",
    "You'd like things to be different.",
    "Would it be okay if I shared what other people found helpful?",
    "Okay. Thanks for coming in today, I'm glad you came.",
    "I've been there too, it gets better.",
    "You really need to go to group every week.",
    "One drink wouldn't hurt, would it?",
    "Tell me more about what happened on Saturday.",
    "3 or 4 drinks, maybe 5 on a Friday",
]
UNSEEN = [
    "",
    "   ",
    "What else would you like to change?",
    "You're not sure the drinking is a problem.",
    "DID YOU DRINK yesterday??",
    "naïve café 😊 it's fine",
    "Words nobody trained on: zebra quantum",
    "you you you you you",
]


def _vectorizers() -> dict:
    from reconnect.relational.training.estimators import chars, words

    words_small = words()
    words_small.set_params(min_df=1)
    chars_small = chars()
    chars_small.set_params(min_df=1)
    return {"words": words_small, "chars": chars_small}


def _payload() -> dict:
    """What scikit-learn fits on FIT and produces on UNSEEN and FIT, per vectoriser."""
    from reconnect.relational.training import portable

    out = {}
    for name, vectorizer in _vectorizers().items():
        vectorizer.fit(FIT)
        vocabulary = portable.vocabulary(vectorizer)
        matrix = vectorizer.transform(UNSEEN + FIT).tocsr()
        matrix.sort_indices()
        out[name] = {
            "analyzer": vocabulary.analyzer,
            "ngram_range": list(vocabulary.ngram_range),
            "token_pattern": vocabulary.token_pattern,
            "sublinear": vocabulary.sublinear,
            "vocabulary": dict(sorted(vocabulary.vocabulary.items())),
            "idf": vocabulary.idf.tolist(),
            "indptr": matrix.indptr.tolist(),
            "indices": matrix.indices.tolist(),
            "data": matrix.data.tolist(),
        }
    return out


def write_fixture() -> None:
    FIXTURE.write_text(json.dumps(_payload(), indent=1, ensure_ascii=False) + "\n")


def _saved() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["words", "chars"])
def test_the_portable_vocabulary_reproduces_scikit_learns_saved_output(name):
    saved = _saved()[name]
    vocabulary = Vocabulary(
        saved["analyzer"],
        tuple(saved["ngram_range"]),
        saved["token_pattern"],
        saved["vocabulary"],
        saved["idf"],
        saved["sublinear"],
    )
    mine = vocabulary.transform(UNSEEN + FIT).tocsr()
    mine.sort_indices()
    assert mine.indptr.tolist() == saved["indptr"]
    assert mine.indices.tolist() == saved["indices"]
    np.testing.assert_allclose(mine.data, saved["data"], rtol=0, atol=1e-12)


def test_scikit_learn_still_fits_and_transforms_as_the_fixture_says():
    pytest.importorskip("sklearn")
    fresh, saved = _payload(), _saved()
    for name in ("words", "chars"):
        assert fresh[name]["vocabulary"] == saved[name]["vocabulary"]
        assert fresh[name]["indices"] == saved[name]["indices"]
        np.testing.assert_allclose(fresh[name]["idf"], saved[name]["idf"], atol=1e-12)
        np.testing.assert_allclose(fresh[name]["data"], saved[name]["data"], atol=1e-12)


def test_analysing_a_session_needs_no_scikit_learn():
    script = (
        "import sys\n"
        "sys.modules['sklearn'] = None  # any import of scikit-learn now fails\n"
        "from reconnect.relational.engine import analyze_text, empathy\n"
        "result = analyze_text('T: What brings you here?\\nC: I want to drink less.')\n"
        "levels = empathy([('I feel alone.', 'That sounds hard.')])\n"
        "print(len(result['utterances']), ' '.join(sorted(levels[0])))\n"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "emotional_reactions", "explorations", "interpretations"]
