"""A full disk under SQLite: clear 503s, nothing acknowledged that was not kept, recovery."""

from __future__ import annotations

import pytest

from proof import diskfull
from proof.scorecard import current_database, record_figure
from tests import children

pytestmark = pytest.mark.reliability


@pytest.mark.skipif(current_database() != "sqlite", reason="the embedded database's own disk")
def test_a_full_disk_refuses_writes_with_503_and_recovers(tmp_path_factory):
    logs = tmp_path_factory.mktemp("diskfull-logs")
    try:
        figures = diskfull.run(
            tmp_path_factory.mktemp("diskfull") / "mnt", logs, migrated=children.migrated_into
        )
    except OSError as error:
        record_figure("35_disk_full", skipped=f"no small filesystem: {error}")
        pytest.skip(f"cannot mount a small filesystem here: {error}")
    record_figure("35_disk_full", **figures)
    assert figures["refused_503"] > 0, figures  # the disk really filled up
    assert figures["other_answers"] == 0
    assert figures["acknowledged_lost"] == 0
    assert figures["recovered"] and figures["integrity_ok"]
