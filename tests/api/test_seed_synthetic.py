"""The benchmark seeding command: what it stores, and its refusal to mix with curated data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from electrolytes.models import Material, Measurement, Reference
from tests import factories

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_synthetic", materials=40, measurements=400, references=5, batch_size=15, stdout=out, **options)
    return out.getvalue()


def test_seeds_the_requested_rows_with_normalised_formulas(properties):
    output = _seed()
    assert "Seeded 40 materials, 400 measurements and 5 references into database" in output
    assert Material.objects.filter(slug__startswith="syn-").count() == 40
    assert Measurement.objects.count() == 400
    assert Reference.objects.count() == 5
    derived = ["reduced_formula", "elements", "nelements", "composition"]
    derived += ["optimade_formula_reduced", "optimade_formula_anonymous"]
    for material in Material.objects.order_by("slug")[:20]:
        stored = [getattr(material, name) for name in derived]
        material.full_clean()  # recomputes every derived field from the formula
        assert stored == [getattr(material, name) for name in derived], material.slug
    assert Material.objects.filter(kind="compound", optimade_formula_reduced="").count() == 0
    per_material = Measurement.objects.filter(property__key="ionic_conductivity", temperature_k=298.15)
    assert per_material.values("material").distinct().count() == 40


def test_seeding_twice_adds_more_rows(properties):
    _seed()
    _seed(seed=2)
    assert Material.objects.count() == 80


def test_refuses_a_database_with_curated_data(properties):
    factories.material("Curated LGPS", "Li10GeP2S12")
    with pytest.raises(CommandError) as exc:
        _seed()
    assert "holds curated data (1 materials, 0 references)" in str(exc.value)
    assert "pass --force" in str(exc.value)
    assert Material.objects.count() == 1
    _seed(force=True)
    assert Material.objects.count() == 41


def test_rejects_nonsense_sizes(properties):
    with pytest.raises(CommandError, match=r"--materials must be a positive number\."):
        call_command("seed_synthetic", materials=0, stdout=StringIO())
