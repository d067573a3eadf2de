"""The in-process tasks backend leans on one django-tasks internal (run_task_result): pinned to
the locked version here, so an upgrade that moves or changes it fails in this file first."""

from __future__ import annotations

import importlib.metadata
import inspect
import re
from pathlib import Path
from typing import Any

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from reconnect.core.tasks_backend import DJANGO_TASKS_VERSION, InProcessBackend, run_task_result

LOCK = Path(__file__).resolve().parents[3] / "requirements.lock"


@task()
def double(number: int) -> int:
    return number * 2


@task()
def fail() -> None:
    raise ValueError("on purpose")


def _ready(backend: InProcessBackend, of: Task[..., Any], *args: int) -> TaskResult[Any]:
    return TaskResult(
        task=of,
        id=get_random_id(),
        status=TaskResultStatus.READY,
        enqueued_at=None,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=list(args),
        kwargs={},
        backend=backend.alias,
        errors=[],
        worker_ids=[],
    )


def _backend() -> InProcessBackend:
    return InProcessBackend("default", {"OPTIONS": {"DEBOUNCE_SECONDS": 0}})


def test_the_installed_django_tasks_is_the_locked_version():
    locked = re.search(r"^django-tasks==(\S+)$", LOCK.read_text(), re.MULTILINE)
    assert locked is not None, "django-tasks is missing from requirements.lock"
    assert locked.group(1) == DJANGO_TASKS_VERSION
    assert importlib.metadata.version("django-tasks") == DJANGO_TASKS_VERSION


def test_the_private_method_run_task_result_relies_on_is_still_there():
    execute = ImmediateBackend._execute_task
    assert callable(execute)
    assert list(inspect.signature(execute).parameters) == ["self", "task_result"]


def test_run_task_result_runs_the_task_and_records_its_outcome_on_the_given_result():
    backend = _backend()
    result = _ready(backend, double, 21)
    run_task_result(backend, result)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
    assert result.worker_ids == [backend.worker_id]
    assert result.enqueued_at is not None
    assert result.started_at is not None
    assert result.finished_at is not None
    assert result.errors == []


def test_run_task_result_records_a_failure_instead_of_raising():
    backend = _backend()
    result = _ready(backend, fail)
    run_task_result(backend, result)
    assert result.status == TaskResultStatus.FAILED
    assert [error.exception_class_path for error in result.errors] == ["builtins.ValueError"]
    assert result.finished_at is not None


def test_the_in_process_backend_runs_queued_tasks_on_its_thread():
    backend = _backend()
    result = backend.enqueue(double, [4], {})
    assert backend.wait_until_idle(timeout=10)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 8
