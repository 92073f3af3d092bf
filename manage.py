#!/usr/bin/env python
"""Django's command-line utility for the electrolyte knowledge base."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
    # Without DATABASE_URL, development commands run against the embedded
    # PostgreSQL kept in .pgdata/ of the checkout (started on first use); with
    # DEBUG off it is never started and the settings refuse to load instead.
    from electrolytes.devdb import ensure_database_url

    ensure_database_url()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
