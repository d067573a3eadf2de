"""Session feedback in the app: consent first, private to the clinician, purged on time, local."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Category
from reconnect.relational import actions
from reconnect.relational.models import Analysis

pytestmark = pytest.mark.django_db
SESSION = """T: How have things been since we last met?
C: Pretty rough. I've been drinking more than I wanted to. I want to be there for my kids.
T: You're worried about what it's costing you with your kids.
C: Yeah, exactly.
T: What would help most this week?
"""


@pytest.fixture
def consenting_casey(casey, signed_in):
    signed_in(casey).post(reverse("relational:my_consent"), {"consent": "yes"})
    return casey


def submit(http, client, capture, text=SESSION):
    with capture(execute=True):
        return http.post(
            reverse("relational:client_feedback", args=[client.pk]), {"transcript": text}
        )


def test_without_consent_nothing_can_be_analysed(
    casey, robin, signed_in, django_capture_on_commit_callbacks
):
    response = submit(signed_in(robin), casey.client, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not Analysis.objects.exists()


def test_a_clinician_analyses_a_session_and_sees_it_coded_and_summarised(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    response = submit(http, consenting_casey.client, django_capture_on_commit_callbacks)
    analysis = Analysis.objects.get()
    assert response["Location"] == reverse("relational:analysis", args=[analysis.pk])
    assert analysis.status == "done" and analysis.summary["utterances"] == 5
    page = visible_text(http.get(response["Location"]))
    assert "Reflection-to-question ratio" in page and "not a MITI rating" in page
    assert "Counsellor" in page and "Client" in page
    assert AccessEvent.objects.filter(category=Category.ANALYSIS, actor_id=robin.pk).exists()


def test_a_malformed_transcript_is_refused_with_the_line(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    response = submit(
        signed_in(robin),
        consenting_casey.client,
        django_capture_on_commit_callbacks,
        text="T: hi\nNurse: hello\n",
    )
    assert response.status_code == 400
    assert "line 2: unknown speaker" in visible_text(response)
    assert not Analysis.objects.exists()


def test_results_are_private_to_the_clinician_until_shared_with_their_supervisor(
    consenting_casey, robin, sam, pat, signed_in, django_capture_on_commit_callbacks
):
    submit(signed_in(robin), consenting_casey.client, django_capture_on_commit_callbacks)
    analysis = Analysis.objects.get()
    url = reverse("relational:analysis", args=[analysis.pk])
    assert signed_in(sam).get(url).status_code == 404
    assert signed_in(pat).get(url).status_code == 404
    signed_in(robin).post(reverse("relational:analysis_share", args=[analysis.pk]), {"shared": "1"})
    assert signed_in(pat).get(url).status_code == 200


def test_revoking_consent_cancels_and_hides_results(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    submit(signed_in(robin), consenting_casey.client, django_capture_on_commit_callbacks)
    signed_in(consenting_casey).post(reverse("relational:my_consent"), {"consent": "no"})
    analysis = Analysis.objects.get()
    assert (analysis.status, analysis.transcript, analysis.coded) == ("cancelled", "", "")


def test_transcripts_are_purged_after_30_days_and_the_summary_stays(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    submit(signed_in(robin), consenting_casey.client, django_capture_on_commit_callbacks)
    assert actions.purge_transcripts(timezone.now() + dt.timedelta(days=29)) == 0
    assert actions.purge_transcripts(timezone.now() + dt.timedelta(days=31)) == 1
    analysis = Analysis.objects.get()
    assert (analysis.transcript, analysis.coded) == ("", "") and analysis.summary["utterances"] == 5
    left = Analysis.objects.exclude(transcript="").count()
    record_figure("17_nlp", transcripts_past_retention=left)


def test_the_clinician_sees_their_own_trends(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    submit(http, consenting_casey.client, django_capture_on_commit_callbacks)
    assert "Reflection : question" in visible_text(http.get(reverse("relational:my_feedback")))


def test_checking_a_single_reply_gives_empathy_levels_and_language(robin, signed_in):
    page = visible_text(
        signed_in(robin).post(
            reverse("relational:reply_check"),
            {
                "post": "I feel so alone since I relapsed.",
                "reply": "That sounds so painful. What has helped before? Maybe you're an addict.",
            },
        )
    )
    assert "Emotional reactions" in page and "person with a substance use disorder" in page


def test_the_engine_makes_no_network_connection(monkeypatch):
    from reconnect.relational.engine import analyze_text

    def refuse(*args, **kwargs):
        raise AssertionError("the engine tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = analyze_text(SESSION)
    record_figure("17_nlp", outbound_connection_attempts=0, analyses_offline=1)
    assert len(result["utterances"]) == 5
    json.dumps(result)
