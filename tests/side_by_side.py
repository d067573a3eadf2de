"""`--side-by-side` (with `-n 2`): the browser tests and the live-server proofs run at once, one
folder in each process, as `make test`'s proofs phase does.

Each folder goes whole to one process, in its own order, so its session fixtures (a seeded server,
a browser) are made once and its `last` tests still run last: tests/e2e to one, tests/reliability
to the other, and tests/standalone (proofs with servers of their own) to whichever runs out of
work first (pytest-xdist's loadscope order: the most tests first, then as collected).

A proof marked `alone` (the load proof, which times the server) waits for the test beside it to
finish and holds the other process back until it is done: a gate that every test passes through
and that the `alone` proof closes behind it, and a room that tests share and the `alone` proof
has to itself."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

LOCKS_ENV = "RECONNECT_SIDE_BY_SIDE_LOCKS"


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--side-by-side",
        action="store_true",
        help="with -n: one test folder per process; tests marked `alone` run with nothing beside",
    )


class FolderScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        # A parameter may hold a slash ("[casey-client-/me/]"): the folder comes from the path.
        return nodeid.split("::", 1)[0].rpartition("/")[0]


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    return FolderScheduling(config, log) if config.getoption("side_by_side") else None


def pytest_configure(config) -> None:
    # The controller makes the lock folder before its workers start; they inherit its name.
    if config.getoption("side_by_side") and not hasattr(config, "workerinput"):
        os.environ[LOCKS_ENV] = config._side_by_side_locks = tempfile.mkdtemp(prefix="beside-")


def pytest_unconfigure(config) -> None:
    if hasattr(config, "_side_by_side_locks"):
        shutil.rmtree(config._side_by_side_locks, ignore_errors=True)


@contextmanager
def _locked(path: Path, operation: int) -> Iterator[None]:
    with path.open("a") as file:  # closing the file releases its lock
        fcntl.flock(file, operation)
        yield


@contextmanager
def turn(folder: Path, *, alone: bool) -> Iterator[None]:
    """Held while one test runs: shared with the tests beside it, or, `alone`, with none."""
    gate, room = folder / "gate", folder / "room"
    with ExitStack() as held:
        if alone:
            held.enter_context(_locked(gate, fcntl.LOCK_EX))
            held.enter_context(_locked(room, fcntl.LOCK_EX))
        else:
            with _locked(gate, fcntl.LOCK_EX):
                held.enter_context(_locked(room, fcntl.LOCK_SH))
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Around setup, call and teardown, so a session fixture made or ended by this test is inside.
    folder = os.environ.get(LOCKS_ENV)
    if not folder or not hasattr(item.config, "workerinput"):
        return (yield)
    with turn(Path(folder), alone=item.get_closest_marker("alone") is not None):
        return (yield)
