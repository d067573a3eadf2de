"""The `reconnect` console command: Django's management commands with Reconnect's settings."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run a management command, e.g. `reconnect migrate` or `reconnect seed_demo`."""
    # Settings are read lazily, so naming the module here, before the command runs, is enough.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
