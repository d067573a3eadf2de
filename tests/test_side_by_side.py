"""The proofs phase runs two folders at once; a test marked `alone` has the machine to itself."""

from __future__ import annotations

import fcntl
import threading
import time

from tests.side_by_side import FolderScheduling, turn


def test_each_folder_is_one_unit_of_work_even_when_a_parameter_holds_a_slash():
    folder = FolderScheduling._split_scope
    assert (
        folder(None, "tests/e2e/test_browser.py::test_signs_in[casey-client-/me/]") == "tests/e2e"
    )
    assert folder(None, "tests/e2e/test_radar.py::test_the_radar") == "tests/e2e"
    assert folder(None, "tests/reliability/test_canaries.py::test_none") == "tests/reliability"
    assert folder(None, "tests/standalone/test_disk_full.py::test_full") == "tests/standalone"


def _enters(folder, *, alone: bool, entered: threading.Event, leave: threading.Event):
    def run():
        with turn(folder, alone=alone):
            entered.set()
            leave.wait(10)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _closed(gate) -> bool:
    """Whether someone holds the gate (the alone test, waiting for the room), waiting for it to
    happen for up to 5 s: the next test is started only once it has."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with gate.open("a") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
        time.sleep(0.01)
    return False


def test_tests_beside_each_other_share_the_room(tmp_path):
    first, second, leave = threading.Event(), threading.Event(), threading.Event()
    threads = [
        _enters(tmp_path, alone=False, entered=first, leave=leave),
        _enters(tmp_path, alone=False, entered=second, leave=leave),
    ]
    assert first.wait(5) and second.wait(5)
    leave.set()
    for thread in threads:
        thread.join(5)


def test_the_alone_test_waits_for_the_test_beside_it_and_nothing_starts_meanwhile(tmp_path):
    running, alone_in, next_in = threading.Event(), threading.Event(), threading.Event()
    running_ends, alone_ends, next_ends = threading.Event(), threading.Event(), threading.Event()

    beside = _enters(tmp_path, alone=False, entered=running, leave=running_ends)
    assert running.wait(5)
    alone = _enters(tmp_path, alone=True, entered=alone_in, leave=alone_ends)
    assert not alone_in.wait(0.3)  # the test already running finishes first
    assert _closed(tmp_path / "gate")
    after = _enters(tmp_path, alone=False, entered=next_in, leave=next_ends)
    assert not next_in.wait(0.3)  # and the next one, though it could share, waits its turn

    running_ends.set()
    beside.join(5)
    assert alone_in.wait(5)
    assert not next_in.wait(0.3)

    alone_ends.set()
    alone.join(5)
    assert next_in.wait(5)
    next_ends.set()
    after.join(5)
