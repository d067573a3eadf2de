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


def run_child(module: str, call: str) -> None:
    """Run `module.call` in a fresh interpreter: each measurement starts its own Django."""
    import subprocess
    import sys

    code = f"import {module} as m; m.{call}"
    subprocess.run([sys.executable, "-c", code], check=False)


def fresh_postgres(database: str) -> str | None:
    """A new, empty PostgreSQL database named `database` beside BENCH_DATABASE_URL's, or None
    when no server answers (the benchmark then says so and measures SQLite only)."""
    from urllib.parse import urlparse, urlunparse

    import psycopg

    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {database}")
    except psycopg.OperationalError:
        return None
    return urlunparse(urlparse(base)._replace(path=f"/{database}"))


def setup_for(vendor: str, database: str) -> bool:
    """`setup` on SQLite, or on a fresh PostgreSQL database named `database`; False (and says
    so) when no PostgreSQL server answers."""
    if vendor == "postgresql":
        url = fresh_postgres(database)
        if url is None:
            print("PostgreSQL not reachable: skipped")
            return False
        os.environ["DATABASE_URL"] = url
    setup(keep_database_url=vendor == "postgresql")
    return True
