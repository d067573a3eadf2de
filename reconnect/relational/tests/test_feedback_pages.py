"""Session feedback in the app: consent first, private to the clinician, purged on time, local."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Category
from reconnect.relational import actions, runner
from reconnect.relational.models import Analysis

pytestmark = pytest.mark.django_db
SESSION = """T: How have things been since we last met?
C: Pretty rough. I've been drinking more than I wanted to. I want to be there for my kids.
T: You're worried about what it's costing you with your kids.
C: Yeah, exactly. I want to cut down, I really do.
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


def upload(http, client, capture, name="Casey Example 1 Dec.txt"):
    """A transcript uploaded as a file whose name carries the client's name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        return http.post(
            reverse("relational:client_feedback", args=[client.pk]),
            {"file": SimpleUploadedFile(name, SESSION.encode(), content_type="text/plain")},
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
    assert response["Location"] == reverse("relational:analysis_status", args=[analysis.pk])
    assert analysis.status == "done" and analysis.summary["utterances"] == 5
    result = http.get(response["Location"])["Location"]  # finished: the status hands over
    assert result == reverse("relational:analysis", args=[analysis.pk])
    page = visible_text(http.get(result))
    assert "Reflection-to-question ratio" in page and "not a MITI rating" in page
    assert "Counsellor" in page and "Client" in page
    assert AccessEvent.objects.filter(category=Category.ANALYSIS, actor_id=robin.pk).exists()


def test_while_it_runs_the_status_page_shows_progress_and_nothing_of_the_record(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    with django_capture_on_commit_callbacks(execute=False):
        response = http.post(
            reverse("relational:client_feedback", args=[consenting_casey.client.pk]),
            {"transcript": SESSION},
        )
    page = http.get(response["Location"])
    assert page.status_code == 200
    text = visible_text(page)
    assert "Analysing" in text and consenting_casey.display_name not in text
    assert 'http-equiv="refresh"' in page.content.decode()  # works without JavaScript too
    analysis = Analysis.objects.get()
    early = http.get(reverse("relational:analysis", args=[analysis.pk]), follow=True)
    assert b"hx-get" in early.content
    assert consenting_casey.display_name.encode() not in early.content


def test_an_analysis_whose_worker_was_lost_mid_run_finishes_when_its_task_runs_again(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        signed_in(robin).post(
            reverse("relational:client_feedback", args=[consenting_casey.client.pk]),
            {"transcript": SESSION},
        )
    analysis = Analysis.objects.get()
    Analysis.objects.filter(pk=analysis.pk).update(status="running", progress=10)  # worker killed
    assert runner.run(analysis.pk) == "done"
    assert Analysis.objects.get().status == "done"


def test_moments_quote_the_session_only_in_an_encrypted_field(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    submit(signed_in(robin), consenting_casey.client, django_capture_on_commit_callbacks)
    analysis = Analysis.objects.get()
    assert "feedback" not in analysis.summary
    moment = json.loads(analysis.moments)[0]
    assert moment["counsellor_said"] == "What would help most this week?"
    assert moment["client_said"] == "Yeah, exactly. I want to cut down, I really do."
    with connection.cursor() as cursor:
        cursor.execute("SELECT moments, summary FROM relational_analysis")
        moments, summary = cursor.fetchone()
    assert moments.startswith("enc1:") and "What would help" not in str(summary)


def test_the_migration_moves_quotes_out_of_old_summaries(consenting_casey, robin):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "reconnect.relational.migrations.0002_analysis_moments_encrypted"
    )
    moment = {"index": 2, "client_said": "my words", "question_asked": "a question"}
    kept, purged = (
        Analysis.objects.create(
            client=consenting_casey.client,
            clinician=robin,
            status="done",
            summary={"utterances": 5, "feedback": [moment]},
            purged_at=when,
        )
        for when in (None, timezone.now())
    )
    migration.move_quotes(apps, None)
    kept.refresh_from_db()
    purged.refresh_from_db()
    assert kept.summary == purged.summary == {"utterances": 5}
    assert json.loads(kept.moments) == [moment] and purged.moments == ""


def test_the_migration_clears_file_names_the_purge_and_withdrawal_left(
    consenting_casey, lee, robin, sam
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "reconnect.relational.migrations.0003_clear_file_names_of_purged_analyses"
    )
    actions.grant_consent(client=lee.client)
    kept = Analysis.objects.create(
        client=consenting_casey.client, clinician=robin, status="done", name="Casey week 3.txt"
    )
    purged = Analysis.objects.create(
        client=consenting_casey.client,
        clinician=robin,
        status="done",
        name="Casey week 1.txt",
        purged_at=timezone.now(),
    )
    cancelled = Analysis.objects.create(
        client=lee.client, clinician=sam, status="cancelled", name="Lee intake.txt"
    )
    withdrawn = Analysis.objects.create(
        client=lee.client, clinician=sam, status="failed", name="Lee week 2.txt"
    )
    actions.revoke_consent(client=lee.client)  # today's withdrawal clears names itself ...
    Analysis.objects.filter(pk__in=[cancelled.pk, withdrawn.pk]).update(name="left by old code")
    migration.clear_names(apps, None)  # ... and the migration clears what older code left
    names = dict(Analysis.objects.values_list("pk", "name"))
    assert names == {kept.pk: "Casey week 3.txt", purged.pk: "", cancelled.pk: "", withdrawn.pk: ""}


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
    upload(signed_in(robin), consenting_casey.client, django_capture_on_commit_callbacks)
    assert Analysis.objects.get().name == "Casey Example 1 Dec.txt"
    signed_in(consenting_casey).post(reverse("relational:my_consent"), {"consent": "no"})
    analysis = Analysis.objects.get()
    assert (analysis.status, analysis.transcript, analysis.coded) == ("cancelled", "", "")
    assert analysis.name == ""
    assert analysis.moments == "" and "feedback" not in analysis.summary


def test_transcripts_are_purged_after_30_days_and_the_summary_stays(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    upload(http, consenting_casey.client, django_capture_on_commit_callbacks)
    assert actions.purge_transcripts(timezone.now() + dt.timedelta(days=29)) == 0
    assert Analysis.objects.get().name == "Casey Example 1 Dec.txt"
    assert actions.purge_transcripts(timezone.now() + dt.timedelta(days=31)) == 1
    analysis = Analysis.objects.get()
    assert (analysis.transcript, analysis.coded, analysis.moments, analysis.name) == ("",) * 4
    listing = http.get(reverse("relational:client_feedback", args=[consenting_casey.client.pk]))
    assert "Casey Example 1 Dec" not in visible_text(listing)
    assert analysis.summary["utterances"] == 5
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


def test_an_upload_watched_until_it_finishes_is_one_view_in_the_clients_record(
    consenting_casey, robin, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(robin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = http.post(
            reverse("relational:client_feedback", args=[consenting_casey.client.pk]),
            {"transcript": SESSION},
        )
    analysis = Analysis.objects.get()
    status = response["Location"]
    result = reverse("relational:analysis", args=[analysis.pk])
    assert http.get(status).status_code == 200  # the page the upload lands on
    assert http.get(result)["Location"] == status  # the result page, opened early, waits there
    for _ in range(5):  # htmx polls the status every two seconds
        assert http.get(status, HTTP_HX_REQUEST="true").status_code == 200
    for callback in queued:
        callback()  # the worker finishes the analysis
    finished = http.get(status, HTTP_HX_REQUEST="true")
    assert finished["HX-Redirect"] == result
    assert http.get(result).status_code == 200
    views = AccessEvent.objects.filter(
        client_id=consenting_casey.client.pk, actor_id=robin.pk, category=Category.ANALYSIS
    )
    assert views.filter(action="view").count() == 1
    assert views.filter(action="create").count() == 1
    text = visible_text(signed_in(consenting_casey).get(reverse("records:my_record_access")))
    assert text.count("viewed your session analysis") == 1
