"""The `reconnect` console command: Django's management commands with Reconnect's settings."""

import os
import sys


def main() -> None:
    """Run a management command, e.g. `reconnect migrate` or `reconnect seed_demo`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
