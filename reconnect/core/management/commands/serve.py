"""`reconnect serve`: the production topology on one machine (gunicorn, the task worker and the
scheduled jobs under one supervisor); see README, Running in production."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.core.health import unapplied_migrations
from reconnect.core.schedule import State, jobs, parse_time
from reconnect.core.supervisor import ROOT, Supervisor

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class Command(BaseCommand):
    help = (
        "Run gunicorn (config/gunicorn.conf.py) and the task worker (db_worker) as child "
        "processes, restart either if it stops, run the scheduled jobs (send_reminders and "
        "send_notifications every 5 minutes; radar_refresh, purge_transcripts and backup "
        "daily), and stop all on SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="address for gunicorn (default 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="gunicorn worker processes")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="run no scheduled jobs (when another machine or systemd timers run them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        if env.setdefault("TASKS_BACKEND", DATABASE_BACKEND) != DATABASE_BACKEND:
            raise CommandError(
                f"reconnect serve runs tasks in a separate worker, so TASKS_BACKEND must be "
                f"{DATABASE_BACKEND} (or unset)."
            )
        if options["bind"]:
            env["RECONNECT_BIND"] = options["bind"]
        if options["workers"]:
            env["RECONNECT_WEB_WORKERS"] = str(options["workers"])
        try:
            daily_at = settings.RECONNECT["DAILY_AT"]
            parse_time(daily_at)
        except ValueError as error:
            raise CommandError(str(error)) from error
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"{pending} database migration(s) are not applied yet: run `reconnect migrate`, "
                "then start again."
            )
        if settings.STATIC_ROOT:
            call_command("collectstatic", "--noinput", verbosity=0)
        # The shared cache's table (RECONNECT_CACHE=database), where every worker counts the API
        # rate limits; nothing to do for other caches or when it exists.
        call_command("createcachetable", verbosity=0)
        web = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "config/gunicorn.conf.py")]
        supervisor = Supervisor(
            web=web,
            env=env,
            jobs=[] if options["no_schedule"] else jobs(daily_at=daily_at),
            state=State(settings.VAR_DIR / "schedule.json"),
        )
        raise SystemExit(supervisor.run())
