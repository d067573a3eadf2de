"""Background analysis of transcripts, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from reconnect.relational.runner import run


@task()
def run_analysis(analysis_id: int) -> str:
    return run(analysis_id)
