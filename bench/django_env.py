"""Set up Django for a benchmark: a fresh SQLite file database (WAL) in a temporary folder."""

from __future__ import annotations

import os
import tempfile


def setup(urlconf: str | None = None, *, keep_database_url: bool = False) -> str:
    """Configure and migrate a throwaway database (SQLite unless told to keep DATABASE_URL)."""
    folder = tempfile.mkdtemp(prefix="reconnect-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["RECONNECT_VAR_DIR"] = folder
    if not keep_database_url:
        os.environ.pop("DATABASE_URL", None)
    os.environ["RECONNECT_ENV"] = "test"
    os.environ["DEBUG"] = "0"
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.LOGGING_CONFIG = None
    if urlconf:
        settings.ROOT_URLCONF = urlconf
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder
