"""The curated matrix and processing routes after the issue-15 audit: every cell sourced, claims beyond the
perspective carry their own reference, and every route says which line steps it keeps and adds."""

from __future__ import annotations

import re

import pytest

from electrolytes.models import ClassAssessment, ProcessingRoute

PERSPECTIVE = "nso2023-solid-electrolytes-perspective"
# Facts the perspective does not contain: a cell that states one must cite another reference for it.
CLAIMS_BEYOND_THE_PERSPECTIVE = {
    "Li9.6P3S12": "kato2016",
    "2.5 × 10⁻²": "kato2016",
    "Li3InCl6": "li2019-li3incl6",
}


def test_every_assessment_has_a_reference(knowledge):
    assert ClassAssessment.objects.count() == 84
    assert not ClassAssessment.objects.filter(references__isnull=True).exists()


@pytest.mark.parametrize(("claim", "source"), CLAIMS_BEYOND_THE_PERSPECTIVE.items())
def test_claims_beyond_the_perspective_cite_their_own_source(knowledge, claim, source):
    cells = ClassAssessment.objects.filter(explanation__contains=claim).prefetch_related("references")
    assert cells, claim
    for cell in cells:
        keys = {r.key for r in cell.references.all()}
        assert source in keys, (str(cell), keys)
        assert keys - {PERSPECTIVE}, str(cell)


def test_removed_claims_stay_removed(knowledge):
    # No source was found for Ti-containing oxides being reduced by lithium: the claim went.
    assert not ClassAssessment.objects.filter(explanation__iregex=r"\bTi\b").exists()
    # Numbers the perspective does not give for oxides or quasi-solid polymers were taken out.
    for cls in ("oxide", "quasi-solid-polymer"):
        cell = ClassAssessment.objects.get(electrolyte_class__slug=cls, criterion__slug="ionic-conductivity")
        assert not re.search(r"10⁻\d", cell.explanation), cell.explanation


@pytest.mark.parametrize(
    ("cls", "criterion", "rating", "reason"),
    [
        ("halide", "cost-element-abundance", -1, "same cost point for every inorganic class"),
        ("quasi-solid-polymer", "interfacial-contact", 0, "greatly deteriorate those interfaces"),
        ("solid-polymer", "manufacturing-compatibility", -2, "roll-to-roll production and electrolyte injection"),
    ],
)
def test_revisited_ratings_follow_the_perspective(knowledge, cls, criterion, rating, reason):
    cell = ClassAssessment.objects.get(electrolyte_class__slug=cls, criterion__slug=criterion)
    assert cell.rating == rating
    assert reason in cell.explanation


def test_every_route_lists_the_steps_it_adds(knowledge):
    routes = list(ProcessingRoute.objects.all())
    assert len(routes) == 17
    assert all(route.added_steps for route in routes)
    for route in routes:
        injects = any("inject" in step for step in route.cell_manufacturing_steps)
        assert injects == (route.mode == "in_situ"), route.slug


def test_curated_conditions_keep_their_units(knowledge):
    cast = ProcessingRoute.objects.get(slug="polymer-tape-casting")
    assert (cast.dew_point_k, cast.electrolyte_thickness_um, cast.thickness_bound) == (223.15, 100.0, "below")
    wet = ProcessingRoute.objects.get(slug="halide-ammonium-wet-chemistry")
    assert (wet.peak_temperature_k, wet.duration_h) == (773.15, 5.0)
    assert ProcessingRoute.objects.get(slug="in-situ-lipf6-dol-gelation").temperature_note == "ambient temperature"
