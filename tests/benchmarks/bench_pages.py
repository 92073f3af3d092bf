"""Server time of the public pages on a filled database (not a test: timings vary by machine).

    DATABASE_URL=postgres://.../db_with_data .venv/bin/python -m tests.benchmarks.bench_pages [runs]

Prints the median and worst wall time of each page over ``runs`` requests (default 15) through
Django's test client, so the numbers are view + template + database, without network or browser.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import django


def main(runs: int = 15) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from electrolytes.models import Material, Measurement

    busiest = (
        Material.objects.published().annotate(n=Count("measurements")).order_by("-n").values_list("slug", flat=True)
    )
    slugs = list(busiest[:8])
    print(f"{Material.objects.count()} materials, {Measurement.objects.count()} measurements")
    pages = [
        "/",
        "/materials/",
        "/materials/?ordering=-conductivity",
        "/materials/?elements=Li,S&exclude_elements=Ge&ionic_conductivity_min=1e-4",
        "/materials/?q=argyrodite",
        "/materials/?page=10",
        f"/materials/{slugs[0]}/",
        f"/compare/?materials={','.join(slugs)}",
        "/classes/",
        "/classes/sulfide/",
        "/explore/",
        "/processing/",
        "/references/",
        "/materials.csv",
    ]
    client = Client()
    for path in pages:
        client.get(path)  # warm caches and connections
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
        print(
            f"{response.status_code} {statistics.median(times):7.1f} ms median {max(times):7.1f} ms worst "
            f"{len(queries.captured_queries):3d} queries  {path}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
