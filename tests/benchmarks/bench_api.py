"""Latency of the main API queries against a (large) database, through Django's test Client.

Seed first, then run, e.g.:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dev_api .venv/bin/python manage.py seed_synthetic
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dev_api .venv/bin/python tests/benchmarks/bench_api.py

Prints p50 and p95 (ms) per query, after one warm-up request each, twice: with every count computed
afresh (SHARED_COUNTS off: the cost of the first request after a write) and with counts and matched
ids shared under the data-version stamp as production does (the production cache: the database table,
or Redis with REDIS_URL). The response cache stays off and throttling is switched off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

QUERIES = [
    ("materials, first page", "/api/v1/materials/"),
    ("materials, elements=Li,S", "/api/v1/materials/?elements=Li,S"),
    ("materials, chemsys=Li-P-S", "/api/v1/materials/?chemsys=Li-P-S"),
    ("materials, formula", "/api/v1/materials/?formula=Li6PS5Cl"),
    ("materials, class + sigma range", "/api/v1/materials/?electrolyte_class=sulfide&ionic_conductivity_min=1e-3"),
    ("materials, elements + Ea range", "/api/v1/materials/?elements=La,Zr&activation_energy_max=0.3"),
    ("materials, family + sigma + 100/page",
     "/api/v1/materials/?family=garnet&ionic_conductivity_min=1e-4&page_size=100"),
    ("materials, order by sigma, filtered", "/api/v1/materials/?chemsys=Li-P-S&ordering=-conductivity"),
    ("materials, order by sigma, all", "/api/v1/materials/?ordering=-conductivity"),
    ("materials, q=Li6PSCl (near miss)", "/api/v1/materials/?q=Li6PSCl"),
    ("material detail", "/api/v1/materials/syn-12345/"),
    ("measurements, property + T window",
     "/api/v1/measurements/?property=ionic_conductivity&temperature_min=290&temperature_max=300"),
    ("measurements, one material", "/api/v1/measurements/?material=syn-777"),
    ("references, first page", "/api/v1/references/"),
]  # fmt: skip


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="Requests per query (default 20).")
    parser.add_argument("--only", default="", help="Run only queries whose label contains this text.")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings

    from electrolytes.caching import cache_settings
    from electrolytes.models import Material, Measurement

    client = Client()
    no_throttle = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    production_cache = cache_settings(debug=False, redis_url=os.environ.get("REDIS_URL", ""))
    print(f"{Material.objects.count()} materials, {Measurement.objects.count()} measurements; {args.repeat} runs each")
    print(f"{'':48} {'counts afresh':>17} {'counts shared':>17}")
    print(f"{'query':40} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 ms':>8} {'p95 ms':>8}")

    def timed(url: str) -> list[float]:
        client.get(url)  # warm-up (and, with counts shared, the one request that counts)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        return timings

    with override_settings(REST_FRAMEWORK=no_throttle, RESPONSE_CACHE=False, CACHES=production_cache):
        for label, url in QUERIES:
            if args.only and args.only not in label:
                continue
            response = client.get(url)
            count = response.json().get("count", 1) if response.status_code == 200 else response.status_code
            with override_settings(SHARED_COUNTS=False):
                fresh = timed(url)
            with override_settings(SHARED_COUNTS=True):
                shared = timed(url)
            print(
                f"{label:40} {count!s:>7} {statistics.median(fresh):>8.1f} {percentile(fresh, 0.95):>8.1f} "
                f"{statistics.median(shared):>8.1f} {percentile(shared, 0.95):>8.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
