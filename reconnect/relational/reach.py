"""The gate's road to a session analysis: its own clinician, or their supervisor once shared."""

from __future__ import annotations

from django.http import Http404

from reconnect.access.gate import open_record, reachable_clients, record_event
from reconnect.access.models import Action, Category, Outcome
from reconnect.people.models import Role, Supervision, User
from reconnect.relational.models import Analysis


def analysis_for(
    user: User, analysis_id: int, *, action: str = Action.VIEW, record: bool = True
) -> Analysis:
    """A session analysis for its own clinician, or for their supervisor once it is shared with
    them, while its client is within this person's reach; else 404 (and a refused row).

    `record=False` is only for a progress status that shows nothing of the record: an allowed
    status read writes no row, so a page polling it does not fill the client's access list.
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404("No such analysis.")
    analysis = (
        Analysis.objects.select_related("client__user", "session__check_response")
        .filter(pk=analysis_id)
        .first()
    )
    if analysis is None:
        raise Http404("No such analysis.")
    detail = f"analysis {analysis.pk}"
    readable = analysis.clinician_id == user.pk or (
        user.role == Role.SUPERVISOR
        and analysis.shared_with_supervisor
        and Supervision.objects.filter(supervisor=user, clinician_id=analysis.clinician_id).exists()
    )
    in_reach = readable and reachable_clients(user).filter(pk=analysis.client_id).exists()
    if not in_reach:
        record_event(
            actor=user,
            client_id=analysis.client_id,
            category=Category.ANALYSIS,
            action=action,
            outcome=Outcome.DENIED,
            detail=detail,
        )
        raise Http404("No such analysis.")
    if record:
        record_analysis_open(user, analysis, action=action)
    return analysis


def record_analysis_open(user: User, analysis: Analysis, *, action: str = Action.VIEW) -> None:
    """The one access row for an analysis that `analysis_for(record=False)` found in reach,
    once the page is about to show it (a result still being worked on shows nothing)."""
    open_record(
        user,
        analysis.client_id,
        category=Category.ANALYSIS,
        action=action,
        detail=f"analysis {analysis.pk}",
    )
