"""The finished analysis page reads cleanly: a shared hint once, quotes without doubled
punctuation, and the model version once, in small print."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from conftest import page_text, visible_text
from reconnect.relational.models import Analysis, Status

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[1] / "demo" / "session.txt"
HINT = "A complex reflection, one that names the meaning or feeling behind the client's words"


@pytest.fixture
def analysed(casey, robin, signed_in, django_capture_on_commit_callbacks):
    signed_in(casey).post(reverse("relational:my_consent"), {"consent": "yes"})
    http = signed_in(robin)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            reverse("relational:client_feedback", args=[casey.client.pk]),
            {"transcript": DEMO.read_text()},
        )
    analysis = Analysis.objects.get()
    assert analysis.status == Status.DONE and analysis.model_version
    return http, analysis


def test_the_hint_shared_by_every_moment_is_shown_once(analysed):
    http, analysis = analysed
    text = visible_text(http.get(reverse("relational:analysis", args=[analysis.pk])))
    assert text.count("The client said:") >= 2
    assert text.count(HINT) == 1


def test_quoted_words_are_not_followed_by_extra_punctuation(analysed):
    http, analysis = analysed
    text = visible_text(http.get(reverse("relational:analysis", args=[analysis.pk])))
    for doubled in (".”,", "?”,", "!”,", ".”.", "?”."):
        assert doubled not in text


def test_the_model_version_is_named_once_in_small_print(analysed):
    http, analysis = analysed
    body = page_text(http.get(reverse("relational:analysis", args=[analysis.pk])))
    version = analysis.model_version
    assert body.count(version) == 1
    assert f'<p class="small muted">Model version {version}</p>' in body
    assert f"model {version}" not in body
