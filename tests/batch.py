"""Several `reconnect` commands in one child process, each as if it ran alone.

Django starts once; then every command runs in its own forked process with its own stdout,
stderr and exit status, so a test still sees what a person or a script would see, without
paying Python's and Django's start-up for each command. Commands run in order (a later one sees
what an earlier one wrote). `conftest.run_reconnect_batch` is the way in.

stdin: a JSON list of argument lists. stdout: a JSON list of
{"returncode", "stdout", "stderr", "seconds"}, one per command.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
import traceback
from typing import IO


def _read(file: IO[bytes]) -> str:
    file.seek(0)
    return file.read().decode(errors="replace")


def _exit_status(exit: SystemExit) -> int:
    if exit.code is None or isinstance(exit.code, int):
        return exit.code or 0
    print(exit.code, file=sys.stderr)  # sys.exit("message"), as the interpreter reports it
    return 1


def _run_alone(argv: list[str], stdout: IO[bytes], stderr: IO[bytes]) -> int:
    """Fork, run `reconnect ARGV` in the child with its output in the given files."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    os.dup2(stdout.fileno(), 1)
    os.dup2(stderr.fileno(), 2)
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["reconnect", *argv])
        status = 0
    except SystemExit as exit:
        status = _exit_status(exit)
    except BaseException:
        traceback.print_exc()
        status = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _warm() -> None:
    """Import once what nearly every command imports again (the views, through the URL
    configuration that the system checks read, and the list of commands): each fork inherits
    them. A failure here is left for the command that meets it, as it would alone."""
    from django.core.management import get_commands
    from django.urls import get_resolver

    try:
        get_commands()
        get_resolver().url_patterns  # noqa: B018 (importing them is the point)
    except Exception:  # noqa: S110 (the command that needs them reports it)
        pass


def main() -> None:
    commands = json.load(sys.stdin)
    results, problems = os.fdopen(os.dup(1), "w"), os.fdopen(os.dup(2), "w")
    with tempfile.TemporaryFile() as start_out, tempfile.TemporaryFile() as start_err:
        # Whatever starting Django prints belongs to every command's output, as it would alone.
        os.dup2(start_out.fileno(), 1)
        os.dup2(start_err.fileno(), 2)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        try:
            django.setup()
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            problems.write(_read(start_err))
            raise SystemExit(1) from None
        _warm()
        sys.stdout.flush()
        sys.stderr.flush()
        prefix_out, prefix_err = _read(start_out), _read(start_err)
        answers = []
        for argv in commands:
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                started = time.monotonic()
                status = _run_alone(argv, out, err)
                answers.append(
                    {
                        "returncode": status,
                        "stdout": prefix_out + _read(out),
                        "stderr": prefix_err + _read(err),
                        "seconds": round(time.monotonic() - started, 2),
                    }
                )
    json.dump(answers, results)
    results.close()


if __name__ == "__main__":
    main()
