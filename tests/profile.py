"""How thoroughly a run tests: in full for `make test`, `make proof` and CI (RECONNECT_TESTS=full,
or CI set); quick for `make check` and a developer's plain pytest."""

import os

FULL = bool(os.environ.get("CI")) or os.environ.get("RECONNECT_TESTS") == "full"
