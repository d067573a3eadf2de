"""`reconnect` in child processes, for tests: one command, several in one process, and databases
of their own that a test run makes once and its pytest-xdist workers share.

A child's files go to a folder of the test run's, never to the checkout's var/ (where `make run`
keeps its demo). The run's folder is on a tmpfs where the machine has one: the SQLite settings
sync every commit to disk, which a database that only has to exist for a test need not pay for.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RUN_FOLDER = "RECONNECT_TEST_RUN_FOLDER"
# Nobody signs in to the databases set up here: quick password hashes, not Argon2's 0.3 s each.
QUICK_HASHES = {"DJANGO_SETTINGS_MODULE": "tests.settings_quick_passwords"}
KEEP = 8  # databases kept between `make check` runs


def start_run() -> str:
    """Make the run's folder (before any xdist worker starts; they inherit it) and name it."""
    shm = Path("/dev/shm")  # noqa: S108 (mkdtemp makes a private folder in it)
    where = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    os.environ[RUN_FOLDER] = folder = tempfile.mkdtemp(prefix="reconnect-tests-", dir=where)
    return folder


def end_run(folder: str) -> None:
    """Remove the run's folder and the PostgreSQL databases made in it."""
    for made in Path(folder).glob("*/made.json"):
        url = json.loads(made.read_text()).get("DATABASE_URL")
        if url:
            _admin(url, f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')
    shutil.rmtree(folder, ignore_errors=True)


def run_folder() -> Path:
    if not os.environ.get(RUN_FOLDER):
        start_run()  # a child process started outside pytest's run (a test's own subprocess)
    return Path(os.environ[RUN_FOLDER])


def child_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The given environment, or this one without DATABASE_URL (SQLite); with a var dir."""
    child = (
        dict(env)
        if env is not None
        else {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    )
    if "RECONNECT_VAR_DIR" not in child:
        var = run_folder() / "var"
        var.mkdir(exist_ok=True)
        child["RECONNECT_VAR_DIR"] = str(var)
    return child


def run_reconnect(*args: str, env: dict[str, str] | None = None, timeout: int = 120):
    """Run `reconnect ARGS` in a child process with the SQLite default unless env says otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "reconnect.cli", *args],
        cwd=ROOT,
        env=child_environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_reconnect_batch(*commands: list[str], env: dict[str, str] | None = None, timeout=300):
    """Run several `reconnect` commands, in order, in one child process (tests/batch.py).

    Each answer reads as if its command had run alone (its own exit status, stdout and stderr;
    `seconds` is its own time), without paying Python's and Django's start-up for each one."""
    batch = subprocess.run(
        [sys.executable, "-m", "tests.batch"],
        input=json.dumps([list(argv) for argv in commands]),
        cwd=ROOT,
        env=child_environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert batch.returncode == 0, batch.stderr[-3000:]
    answers = []
    for argv, answer in zip(commands, json.loads(batch.stdout), strict=True):
        done = subprocess.CompletedProcess(
            ["reconnect", *argv], answer["returncode"], answer["stdout"], answer["stderr"]
        )
        done.seconds = answer["seconds"]  # type: ignore[attr-defined]
        answers.append(done)
    return answers


def database_for(name: str, *setup: list[str]) -> dict[str, str]:
    """The environment of child processes (development profile) using a migrated database made
    for `name`, after the `reconnect` setup commands (with quick password hashes; "{var}" in
    them is the var dir). Each is made once per test run, whichever xdist worker asks first, as
    a copy of one migrated database: a SQLite file copied with the backup API, or a PostgreSQL
    database made from a template. With RECONNECT_TEST_DB_CACHE (`make check`) a SQLite one is
    also kept between runs, named by a hash of what shapes it (tests/database_cache.py; and for
    one a setup command wrote, the code and the day: _kept_folder)."""

    def build(var: Path) -> dict[str, str]:
        template = _once("template", _migrated, kept_as=["template"])
        made = {"RECONNECT_VAR_DIR": str(var)}
        if "DATABASE_URL" in template:
            made["DATABASE_URL"] = _postgres(name, template=template["DATABASE_URL"])
        else:
            _copy_sqlite(Path(template["RECONNECT_VAR_DIR"]), var)
        if setup:
            commands = [[arg.replace("{var}", str(var)) for arg in argv] for argv in setup]
            for done in run_reconnect_batch(*commands, env={**_development(made), **QUICK_HASHES}):
                assert done.returncode == 0, (done.args, done.stderr[-3000:])
        return made

    return _development(_once(name, build, kept_as=[name, *setup]))


def migrated_into(env: dict[str, str]) -> None:
    """What `reconnect migrate` makes, for a live server's environment (its var dir, or the
    empty PostgreSQL database it names): a copy of the run's one migrated database, so the
    browser tests and the proofs, side by side, migrate once between them."""
    if ("DATABASE_URL" in env) != bool(os.environ.get("DATABASE_URL")):  # not the run's kind
        _migrate(env)
        return
    template = _once("template", _migrated, kept_as=["template"])
    if "DATABASE_URL" in template:
        _recreate(env["DATABASE_URL"], template=template["DATABASE_URL"])
    else:
        _copy_sqlite(Path(template["RECONNECT_VAR_DIR"]), Path(env["RECONNECT_VAR_DIR"]))


def _copy_sqlite(source_var: Path, var: Path) -> None:
    # The backup API copies a consistent database, whatever its WAL holds.
    source = sqlite3.connect(source_var / "reconnect.sqlite3")
    copy = sqlite3.connect(var / "reconnect.sqlite3")
    source.backup(copy)
    source.close()
    copy.close()


def _migrated(var: Path) -> dict[str, str]:
    made = {"RECONNECT_VAR_DIR": str(var)}
    if os.environ.get("DATABASE_URL"):
        made["DATABASE_URL"] = _postgres("template")
    _migrate(_development(made))
    return made


def _migrate(env: dict[str, str]) -> None:
    done = run_reconnect("migrate", "--noinput", env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def _development(made: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**env, "RECONNECT_ENV": "development", **made}


def _once(name: str, build, kept_as: list | None = None) -> dict[str, str]:
    """What `build(folder)` made for `name` in this test run, building it if nobody has yet."""
    folder = run_folder() / name
    with open(run_folder() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait, then read what was made
        made = folder / "made.json"
        if not made.exists():
            folder.mkdir(exist_ok=True)
            made.write_text(json.dumps(_built(folder, build, kept_as)))
        return json.loads(made.read_text())


def _built(folder: Path, build, kept_as: list | None) -> dict[str, str]:
    kept = _kept_folder(kept_as) if kept_as is not None else None
    if kept is None:
        return build(folder)
    if kept.is_dir():
        shutil.copytree(kept, folder, dirs_exist_ok=True)
        return {"RECONNECT_VAR_DIR": str(folder)}
    made = build(folder)
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
    shutil.copytree(folder, partial)
    try:
        partial.rename(kept)  # whole or not at all
    except OSError:  # another run kept the same one first
        shutil.rmtree(partial, ignore_errors=True)
    for old in sorted(kept.parent.glob("child-*"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return made


def _kept_folder(kept_as: list) -> Path | None:
    """Where a SQLite database made by `kept_as` (its name, then any setup commands) is kept
    between runs, if it is (`make check`)."""
    if not os.environ.get("RECONNECT_TEST_DB_CACHE") or os.environ.get("DATABASE_URL"):
        return None
    from django.utils import timezone

    from tests import database_cache

    # A database only migrated is shaped by what shapes the test database (database_cache._key),
    # so a change to other code keeps it. One a setup command wrote depends on that code too, and
    # on the day: the demo's dates are relative to today, so yesterday's is not today's.
    seed = f"{database_cache._key()} {json.dumps(kept_as)}"
    if len(kept_as) > 1:
        seed += f" {timezone.localdate()} {_code_digest()}"
    digest = hashlib.sha256(seed.encode()).hexdigest()[:20]
    database_cache.FOLDER.mkdir(mode=0o700, exist_ok=True)
    return database_cache.FOLDER / f"child-{kept_as[0]}-{digest}"


@functools.cache
def _code_digest() -> str:
    """A hash of the code that could change what a setup command writes."""
    digest = hashlib.sha256()
    for top in ("reconnect", "config"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and "tests" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()


def _postgres(name: str, *, template: str | None = None) -> str:
    """A new PostgreSQL database beside the test run's, empty or copied from `template` (a URL)."""
    parts = urlparse(os.environ["DATABASE_URL"])
    url = urlunparse(parts._replace(path=f"/{_name(os.environ['DATABASE_URL'])}_{name}"))
    _recreate(url, template=template)
    return url


def _recreate(url: str, *, template: str | None = None) -> None:
    _admin(url, f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')
    copied = f' TEMPLATE "{_name(template)}"' if template else ""
    _admin(url, f'CREATE DATABASE "{_name(url)}"{copied}')


def _name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def _admin(url: str, sql: str) -> None:
    # psycopg is installed only where PostgreSQL is used.
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)
