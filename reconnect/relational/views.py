"""Relational feedback pages: the client's consent, a clinician's analyses and trends, a reply
check, and what a clinician chose to share with their supervisor."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.core.input import InvalidInput
from reconnect.core.language import check_language
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role, Supervision
from reconnect.radar.models import Session
from reconnect.relational import actions, reach, review
from reconnect.relational.engine import empathy
from reconnect.relational.engine.codes import CODES, code_of, label
from reconnect.relational.engine.model import ModelMissing
from reconnect.relational.models import Analysis, Correction, Status
from reconnect.relational.trends import trend_rows

# The largest transcript file taken (about five hours of talk); larger is refused, never cut.
UPLOAD_LIMIT = 600_000


class TranscriptForm(forms.Form):
    file = forms.FileField(label="Upload a transcript (.txt, .vtt or .csv)", required=False)
    transcript = forms.CharField(
        label="…or paste it here",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text with T: and C: (or Therapist:/Client:) at the start of each turn.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            content = upload.read(UPLOAD_LIMIT + 1)
            if len(content) > UPLOAD_LIMIT:
                self.add_error(
                    "file",
                    f"The file is larger than {UPLOAD_LIMIT // 1000:,} KB: please split the "
                    "session into parts, or paste the part you want feedback on.",
                )
            else:
                try:
                    data["text"] = content.decode("utf-8")
                except UnicodeDecodeError:
                    self.add_error("file", "The file isn't UTF-8 text.")
            data["name"] = upload.name
        elif data.get("transcript", "").strip():
            data["text"], data["name"] = data["transcript"], "pasted.txt"
        else:
            self.add_error("transcript", "Please upload a transcript or paste one.")
        return data


class ReplyForm(forms.Form):
    post = forms.CharField(
        label="What the person wrote", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    reply = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


@role_required(Role.CLIENT)
def my_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client chooses whether their clinician may analyse session transcripts."""
    client = gate.own_record(request.user)
    if request.method == "POST":
        if request.POST.get("consent") == "yes":
            actions.grant_consent(client=client)
            messages.success(request, "Thank you. You can change your mind at any time.")
        else:
            actions.revoke_consent(client=client)
            messages.success(request, "Done: no session of yours will be analysed.")
        return redirect("relational:my_consent")
    return render(request, "relational/consent.html", {"consented": actions.has_consent(client)})


@role_required(Role.CLINICIAN)
def client_feedback(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Analyse a session transcript for a client on the care team (with their consent)."""
    writing = request.method == "POST"
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.ANALYSIS,
        action=Action.CREATE if writing else Action.VIEW,
    )
    consented = actions.has_consent(client)
    form = TranscriptForm(request.POST or None, request.FILES or None)
    if writing and form.is_valid():
        try:
            analysis = actions.submit_transcript(
                client=client,
                clinician=request.user,
                text=form.cleaned_data["text"],
                name=form.cleaned_data["name"],
                session_id=_int(request.POST.get("session")),
            )
        except InvalidInput as error:
            form.add_error("transcript", error.message)
        else:
            return redirect("relational:analysis_status", analysis_id=analysis.pk)
    return render(
        request,
        "relational/client_feedback.html",
        {
            "client": client,
            "consented": consented,
            "form": form,
            "analyses": Analysis.objects.filter(client=client, clinician=request.user)[:20],
            "sessions": Session.objects.filter(client=client, status="attended").order_by(
                "-planned_at"
            )[:10],
        },
        status=400 if writing else 200,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() else None


RUNNING = (Status.QUEUED, Status.RUNNING)


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def analysis_detail(request: AuthenticatedHttpRequest, analysis_id: int) -> HttpResponse:
    """The coded session with its summary, thresholds and feedback, beside the client's rating.

    While the analysis is still queued or running this hands over to the status page, which
    shows nothing of the record and writes no row; the finished result is the one view.
    """
    analysis = reach.analysis_for(request.user, analysis_id, record=False)
    if analysis.status in RUNNING:
        return redirect("relational:analysis_status", analysis_id=analysis.pk)
    reach.record_analysis_open(request.user, analysis)
    return render(request, "relational/analysis.html", _result(request, analysis))


def _result(request: AuthenticatedHttpRequest, analysis: Analysis) -> dict[str, object]:
    """What the result page shows: to its own clinician with their corrections applied; to a
    supervisor it was shared with, the model's codes (corrections stay private)."""
    mine = analysis.clinician_id == request.user.pk
    corrections = Correction.objects.for_analysis(analysis).by_index() if mine else {}
    rating = None
    session = analysis.session
    if session is not None and session.check_response_id:
        rating = session.check_response
    moments = review.moments_for(analysis, corrections)
    seen: set[str] = set()
    for moment in moments:  # each kind's suggestion once, beside its first moment
        moment["show_suggestion"] = moment.get("kind", "") not in seen
        seen.add(moment.get("kind", ""))
    summary = review.summary_for(analysis, corrections)
    return {
        "analysis": analysis,
        "utterances": review.utterances_for(analysis, corrections),
        "summary": summary,
        "figures": review.figure_rows(summary),
        "moments": moments,
        "rating": rating,
        "mine": mine,
        "can_correct": mine and analysis.status == Status.DONE and bool(analysis.coded),
    }


@role_required(Role.CLINICIAN)
def analysis_correct(request: AuthenticatedHttpRequest, analysis_id: int) -> HttpResponse:
    """Correct one code of one's own analysis: the choices for an utterance (GET, a page that
    works without JavaScript; htmx shows it in place), and the chosen code (POST), after which
    the result page shows the figures recomputed at once."""
    writing = request.method == "POST"
    analysis = reach.analysis_for(
        request.user, analysis_id, action=Action.CHANGE if writing else Action.VIEW
    )
    index = _int(request.POST.get("index") if writing else request.GET.get("index"))
    error = ""
    if writing:
        try:
            actions.correct_code(
                analysis=analysis,
                clinician=request.user,
                index=index,
                code=request.POST.get("code", ""),
            )
        except InvalidInput as problem:
            error = problem.message
        else:
            return redirect(reverse("relational:analysis", args=[analysis.pk]) + f"#u{index}")
    coded = {u.index: u for u in review.coded_session(analysis)}
    said = coded.get(index) if index is not None else None
    if said is None and not error:
        error = (
            "This session's transcript has been deleted, so its codes can't be corrected."
            if not coded
            else "That utterance isn't part of this session."
        )
    corrections = Correction.objects.for_analysis(analysis).by_index()
    choices = []
    if said is not None:
        model_code = code_of(said)
        current = corrections.get(said.index, model_code)
        choices = [
            {"code": c, "label": words, "current": c == current, "model": c == model_code}
            for c, words in CODES[said.speaker].items()
        ]
    return render(
        request,
        "relational/correct.html",
        {
            "analysis": analysis,
            "said": said,
            "choices": choices,
            "model_label": label(code_of(said)) if said else "",
            "error": error,
        },
        status=400 if error else 200,
    )


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def analysis_status(request: AuthenticatedHttpRequest, analysis_id: int) -> HttpResponse:
    """How far an analysis has got: a progress bar and nothing of the record, so polling it
    writes no audit row; once it has finished, the result page (one row) takes over."""
    analysis = reach.analysis_for(request.user, analysis_id, record=False)
    result = reverse("relational:analysis", args=[analysis.pk])
    htmx = bool(request.headers.get("HX-Request"))
    if analysis.status not in RUNNING:
        if htmx:
            response = HttpResponse()
            response["HX-Redirect"] = result
            return response
        return redirect(result)
    return render(
        request,
        "relational/status_fragment.html" if htmx else "relational/status.html",
        {"analysis": analysis},
    )


@role_required(Role.CLINICIAN)
@require_POST
def analysis_share(request: AuthenticatedHttpRequest, analysis_id: int) -> HttpResponse:
    analysis = reach.analysis_for(request.user, analysis_id, action=Action.CHANGE)
    shared = request.POST.get("shared") == "1"
    actions.share_with_supervisor(analysis=analysis, shared=shared)
    messages.success(request, "Shared with your supervisor." if shared else "No longer shared.")
    return redirect("relational:analysis", analysis_id=analysis.pk)


@role_required(Role.CLINICIAN)
def my_feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My own trends over time: for my growth, never a ranking."""
    analyses = Analysis.objects.filter(clinician=request.user, status=Status.DONE).order_by(
        "created_at"
    )
    corrections: dict[int, dict[int, str]] = {}
    for analysis_id, index, code in Correction.objects.filter(
        clinician=request.user, analysis__in=analyses
    ).values_list("analysis_id", "index", "code"):
        corrections.setdefault(analysis_id, {})[index] = code
    rows = trend_rows(analyses, corrections)
    return render(request, "relational/my_feedback.html", {"rows": rows})


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def reply_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Check a single written reply before sending it: empathy levels and language."""
    form = ReplyForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            levels = empathy([(form.cleaned_data["post"], form.cleaned_data["reply"])])[0]
        except ModelMissing:
            levels = None
        result = {"levels": levels, "flags": check_language(form.cleaned_data["reply"])}
    return render(request, "relational/reply_check.html", {"form": form, "result": result})


@role_required(Role.SUPERVISOR)
def shared_with_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    clinicians = Supervision.objects.filter(supervisor=request.user).values_list(
        "clinician_id", flat=True
    )
    analyses = Analysis.objects.filter(
        clinician_id__in=clinicians, shared_with_supervisor=True, status=Status.DONE
    ).select_related("clinician")
    return render(request, "relational/shared.html", {"analyses": analyses})
