"""How thoroughly a run tests: in full for `make test`, `make proof` and CI (RECONNECT_TESTS=full,
or CI set); quick for `make check` and a developer's plain pytest."""

import os

FULL = bool(os.environ.get("CI")) or os.environ.get("RECONNECT_TESTS") == "full"


def examples(full: int) -> int:
    """A property test's Hypothesis examples: all of them in full, a quarter (at least the quick
    profile's 25) in the quick loop."""
    return full if FULL else max(25, full // 4)
