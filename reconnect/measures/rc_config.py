"""The reliable-change parameters this deployment uses (RECONNECT_RC_PARAMS), loaded once.

The arithmetic lives in reliable_change.py, which stays free of Django; this module only
reads the setting that says which versioned parameter file to load.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from reconnect.measures.reliable_change import Params, load_params


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[str, dict[str, Params]]:
    return load_params(Path(path) if path else None)


def rc_params() -> tuple[str, dict[str, Params]]:
    """Reliable-change parameters from versioned configuration: (version, {code: Params})."""
    return _load(settings.RECONNECT.get("RC_PARAMS", ""))
