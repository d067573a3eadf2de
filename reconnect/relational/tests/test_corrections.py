"""A clinician corrects the automated codes of their own session analysis: in one or two taps,
privately, audited, the figures following at once and the corrections outlasting the purge as
codes without words; retraining folds in the ones whose transcripts are still kept."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from reconnect.access.models import AccessEvent, Category
from reconnect.relational import actions
from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.reliability import reliability
from reconnect.relational.engine.summary import summarise
from reconnect.relational.learning import correction_rows
from reconnect.relational.models import Analysis, Correction
from reconnect.relational.review import codes_of
from reconnect.relational.runner import split_summary
from reconnect.relational.tests.test_train_command import _annomi, _epitome

pytestmark = pytest.mark.django_db
TRUSTED = reliability(
    {
        "session": {
            "figures": {
                "reflection_to_question": {"icc": 0.8},
                "percent_complex_reflections": {"icc": 0.6},
                "percent_open_questions": {"icc": 0.8},
                "percent_change_talk": {"icc": 0.7},
            }
        }
    }
)


def t(i, text, behaviour, sub=None):
    return CodedUtterance(
        i,
        "therapist",
        text,
        behaviour,
        sub if behaviour == "reflection" else None,
        sub if behaviour == "question" else None,
        None,
        (),
        sub if behaviour == "therapist_input" else None,
    )


def c(i, text, talk):
    return CodedUtterance(i, "client", text, None, None, None, talk, ())


# The model's codes: two questions and one reflection (R:Q 0.5, below fair), and an unasked-for
# piece of advice it took for a complex reflection.
CODED = [
    t(0, "How have things been since we last met?", "question", "open"),
    c(1, "Rough. I want to be there for my kids.", "change"),
    t(2, "You really need to go to group every week.", "reflection", "complex"),
    c(3, "One drink wouldn't hurt.", "change"),
    t(4, "Did you drink yesterday?", "question", "closed"),
]


@pytest.fixture
def analysis(casey, robin, pat):
    actions.grant_consent(client=casey.client)
    summary, moments = split_summary(summarise(CODED, TRUSTED))
    return Analysis.objects.create(
        client=casey.client,
        clinician=robin,
        status="done",
        transcript="\n".join(
            f"{'T' if u.speaker == 'therapist' else 'C'}: {u.text}" for u in CODED
        ),
        coded=json.dumps([u.as_dict() for u in CODED]),
        codes=codes_of([u.as_dict() for u in CODED]),
        summary=summary,
        moments=json.dumps(moments),
    )


def page(http, analysis):
    return visible_text(http.get(reverse("relational:analysis", args=[analysis.pk])))


def correct(http, analysis, index, code, **extra):
    return http.post(
        reverse("relational:analysis_correct", args=[analysis.pk]),
        {"index": index, "code": code},
        **extra,
    )


def test_the_result_page_reads_plain_labels(analysis, robin, signed_in):
    text = page(signed_in(robin), analysis)
    assert "Complex reflection" in text and "Open question" in text and "Change talk" in text
    assert "Therapistinput" not in text and "therapist_input" not in text


def test_a_correction_takes_two_taps_and_the_figures_follow_at_once(analysis, robin, signed_in):
    http = signed_in(robin)
    choices = http.get(
        reverse("relational:analysis_correct", args=[analysis.pk]), {"index": 2}
    )  # first tap: "Correct" beside the utterance
    text = visible_text(choices)
    assert "You really need to go to group every week." in text
    assert "The model coded this as: Complex reflection" in text
    assert "Giving advice" in text and "Simple reflection" in text
    before = page(http, analysis)
    assert "Reflection-to-question ratio 0.5" in before
    response = correct(http, analysis, 2, "therapist_input:advice")  # second tap
    assert response.status_code == 302
    assert response["Location"] == reverse("relational:analysis", args=[analysis.pk]) + "#u2"
    after = page(http, analysis)
    assert "Reflection-to-question ratio 0 " in after  # no reflection left, two questions
    assert "corrected by you" in after
    assert "corrected by you (the model said complex reflection)" in after
    assert "Giving advice without asking permission" in after  # the moment follows too
    assert "“Rough. I want to be there for my kids.”" in after
    changes = AccessEvent.objects.filter(
        category=Category.ANALYSIS, actor_id=robin.pk, action="change"
    )
    assert changes.count() == 1 and changes.get().client_id == analysis.client_id


def test_corrections_are_private_to_the_clinician(analysis, robin, sam, pat, signed_in):
    correct(signed_in(robin), analysis, 4, "question:open")
    url = reverse("relational:analysis_correct", args=[analysis.pk])
    for other in (sam, pat):
        assert (
            signed_in(other).post(url, {"index": 4, "code": "question:closed"}).status_code == 404
        )
        assert signed_in(other).get(url, {"index": 4}).status_code == 404
    actions.share_with_supervisor(analysis=analysis, shared=True)
    supervisor_view = page(signed_in(pat), analysis)
    assert "corrected by you" not in supervisor_view and "Closed question" in supervisor_view
    assert Correction.objects.get().code == "question:open"


def test_a_code_that_does_not_exist_is_refused_kindly_and_nothing_is_stored(
    analysis, robin, signed_in
):
    http = signed_in(robin)
    response = correct(http, analysis, 2, "reflection:very-complex")
    assert response.status_code == 400
    assert "is not a code for a counsellor utterance" in visible_text(response)
    assert "Simple reflection" in visible_text(response)
    assert correct(http, analysis, 3, "question:open").status_code == 400  # a client's words
    missing = correct(http, analysis, 99, "question:open")
    assert missing.status_code == 400
    assert "That utterance isn't part of this session." in visible_text(missing)
    assert not Correction.objects.exists()


def test_the_same_tap_twice_is_one_correction_and_the_models_own_code_undoes_it(
    analysis, robin, signed_in
):
    http = signed_in(robin)
    correct(http, analysis, 4, "question:open")
    correct(http, analysis, 4, "question:open")
    assert Correction.objects.count() == 1
    correct(http, analysis, 4, "question:closed")  # what the model said
    assert not Correction.objects.exists()
    assert "corrected by you" not in page(http, analysis)


def test_corrections_outlast_the_purge_as_codes_without_words(analysis, robin, signed_in):
    http = signed_in(robin)
    correct(http, analysis, 2, "reflection:simple")
    correct(http, analysis, 4, "reflection:complex")
    assert actions.purge_transcripts(timezone.now() + dt.timedelta(days=31)) == 1
    analysis.refresh_from_db()
    assert analysis.coded == "" and analysis.transcript == ""
    stored = list(Correction.objects.values_list("index", "model_code", "code"))
    assert stored == [
        (2, "reflection:complex", "reflection:simple"),
        (4, "question:closed", "reflection:complex"),
    ]
    text = page(http, analysis)
    assert "Reflection-to-question ratio 2 " in text and "corrected by you" in text
    assert "with your corrections (kept as codes, without words)" in text
    refused = correct(http, analysis, 0, "question:closed")
    assert refused.status_code == 400 and "transcript has been deleted" in visible_text(refused)
    assert correction_rows() == ([], 2)  # nothing left to learn from


def test_the_trends_page_shows_the_clinicians_own_corrected_figures(analysis, robin, signed_in):
    http = signed_in(robin)
    correct(http, analysis, 2, "therapist_input:advice")
    text = visible_text(http.get(reverse("relational:my_feedback")))
    assert "corrected by you" in text


def test_withdrawing_consent_removes_the_corrections_too(analysis, casey, robin, signed_in):
    correct(signed_in(robin), analysis, 4, "question:open")
    signed_in(casey).post(reverse("relational:my_consent"), {"consent": "no"})
    assert not Correction.objects.exists()


def test_retraining_with_no_corrections_says_so_and_writes_nothing(tmp_path):
    out = tmp_path / "models"
    (tmp_path / "annomi").mkdir()
    (tmp_path / "epitome").mkdir()
    with pytest.raises(CommandError, match="No corrections to fold in") as refused:
        call_command(
            "train_relational", "--data", str(tmp_path), "--out", str(out), "--with-corrections"
        )
    assert refused.value.returncode == 2 and "Nothing was written" in str(refused.value)
    assert not out.exists()


def test_retraining_folds_in_corrections_of_kept_transcripts_and_the_card_counts_them(
    analysis, robin, signed_in, tmp_path, capsys
):
    http = signed_in(robin)
    correct(http, analysis, 2, "therapist_input:advice")
    correct(http, analysis, 3, "talk:sustain")
    rows, unusable = correction_rows()
    assert unusable == 0
    assert [(r["text"], r["codes"]["main_therapist_behaviour"]) for r in rows] == [
        ("You really need to go to group every week.", "therapist_input"),
        ("One drink wouldn't hurt.", "n/a"),
    ]
    assert rows[0]["codes"]["therapist_input_subtype"] == "advice"
    assert rows[0]["prev"] == "Rough. I want to be there for my kids."
    assert rows[1]["codes"]["client_talk_type"] == "sustain"
    _annomi(tmp_path / "annomi")
    _epitome(tmp_path / "epitome")
    out = tmp_path / "models"
    call_command(
        "train_relational", "--data", str(tmp_path), "--out", str(out), "--with-corrections"
    )
    printed = json.loads(capsys.readouterr().out)
    metrics = json.loads((out / "metrics.json").read_text())
    assert printed["corrections"] == metrics["corrections"] == {"used": 2, "not_usable": 0}
    assert metrics["counts"]["behaviour"] == 72 + 1 and metrics["counts"]["talk_type"] == 72 + 1
    assert metrics["session"]["sessions"] == 6  # corrections train; they are never scored
    assert (
        "Clinicians' corrections used in this training: 2." in (out / "MODEL_CARD.md").read_text()
    )
