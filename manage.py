#!/usr/bin/env python
"""Django's command-line utility for Reconnect (the `reconnect` console command does the same)."""

from reconnect.cli import main

if __name__ == "__main__":
    main()
