"""Server time of the structure-bearing pages (not a test: timings vary by machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/structures_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py loaddata fixtures/*.json
    DATABASE_URL=... .venv/bin/python manage.py import_obelix ../shared/data/obelix/all.csv   # with the 321 CIFs
    DATABASE_URL=... .venv/bin/python -m tests.benchmarks.bench_structures [runs]

Compares the OPTIMADE structures page (page_limit 20) with every structural field against the same page
restricted to the composition-only fields an entry had before structures were served, on the same filter,
and times the material page of the compound with the largest stored cell. Median and worst of ``runs``
requests (default 25) through Django's test client, with the query count of each.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import django

COMPOSITION_FIELDS = (
    "last_modified,elements,nelements,elements_ratios,chemical_formula_descriptive,chemical_formula_reduced,"
    "chemical_formula_anonymous,_ekb_name,_ekb_ionic_conductivity,_ekb_activation_energy,_ekb_oxidation_limit,"
    "_ekb_reduction_limit,_ekb_electrolyte_class,_ekb_structure_family,_ekb_space_group,_ekb_mp_id"
)


def timed(client, path: str, runs: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), len(queries), len(response.content)


def main(runs: int = 25) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "electrolytes.settings")
    django.setup()
    from django.test import Client

    from electrolytes.models import CrystalStructure, Material

    print(f"{Material.objects.count()} materials, {CrystalStructure.objects.count()} crystal structures")
    client = Client()
    for name, condition in (("nsites IS KNOWN", "nsites IS KNOWN"), ('elements HAS "Li"', 'elements HAS "Li"')):
        base = f"/optimade/v1/structures?page_limit=20&filter={condition}"
        composition = timed(client, f"{base}&response_fields={COMPOSITION_FIELDS}", runs)
        everything = timed(client, base, runs)
        print(f"OPTIMADE filter {name}, page_limit 20:")
        print(f"  composition-only fields {composition[0]:7.1f} ms median {composition[1]:7.1f} ms worst "
              f"{composition[2]} queries {composition[3]:8d} bytes")  # fmt: skip
        ratio = everything[0] / composition[0]
        print(f"  all structural fields   {everything[0]:7.1f} ms median {everything[1]:7.1f} ms worst "
              f"{everything[2]} queries {everything[3]:8d} bytes  ratio {ratio:.2f}x")  # fmt: skip
    largest = CrystalStructure.objects.filter(is_representative=True).order_by("-nsites").select_related("material")
    for structure in (largest.first(), largest.last()):
        page = timed(client, f"/materials/{structure.material.slug}/", runs)
        print(f"material page {structure.material.slug} ({structure.nsites} sites): {page[0]:7.1f} ms median "
              f"{page[1]:7.1f} ms worst {page[2]} queries")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
