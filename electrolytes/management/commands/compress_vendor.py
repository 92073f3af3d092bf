"""Gzip the vendored browser libraries next to themselves (static/vendor/*.js -> *.js.gz).

WhiteNoise sends a file's ``.gz`` twin to browsers that accept gzip, also on the development server
(``make run``), so plotly travels as about 0.5 MB instead of 1.5 MB. Production needs no such step:
``collectstatic`` with CompressedManifestStaticFilesStorage writes compressed, hashed copies itself.
The twins are build output (git-ignored), rewritten when the library is newer than its twin.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def compress_vendor(folder: Path = VENDOR) -> list[Path]:
    """Write ``<file>.gz`` for every ``.js`` in ``folder`` whose twin is missing or older; return those written."""
    written = []
    for source in sorted(folder.glob("*.js")):
        target = source.with_name(source.name + ".gz")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        # Written beside the target and renamed over it: a server reading the twin meanwhile (the development
        # server, a browser test's live server) sees the old file or the new one, never half of one.
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        with source.open("rb") as raw, gzip.GzipFile(partial, "wb", compresslevel=9, mtime=0) as packed:
            shutil.copyfileobj(raw, packed)
        os.replace(partial, target)
        written.append(target)
    return written


class Command(BaseCommand):
    help = "Gzip static/vendor/*.js next to themselves so the development server sends them compressed."

    def handle(self, *args, **options):
        for path in compress_vendor():
            self.stdout.write(f"Wrote {path.name} ({path.stat().st_size:,} bytes).")
