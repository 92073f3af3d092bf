"""The curated matrix and processing routes after the issue-15 audit: every cell sourced, claims beyond the
perspective carry their own reference, and every route says which line steps it keeps and adds."""

from __future__ import annotations

import re

import pytest

from electrolytes.models import ClassAssessment, ProcessingRoute, Reference, RouteConditionSource

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


# Conditions of every route after the issue-15 curation (part 4): (peak temperature K, duration h, atmosphere,
# thickness µm, thickness bound, stack pressure MPa, dew point K). None where no text seen gives a figure.
ROUTE_CONDITIONS = {
    "garnet-solid-state-sintering": (1473.15, None, "ambient", 200.0, "at_least", None, None),
    "nasicon-solid-state-sintering": (1173.15, 6.0, "ambient", 200.0, "at_least", None, None),
    "oxide-hot-pressing": (1123.15, None, "inert", 200.0, "at_least", None, None),
    "sulfide-ball-milling": (823.15, None, "inert", 200.0, "at_least", 5.0, None),
    "sulfide-melt-quenching": (1073.15, 30.0, "vacuum", 200.0, "at_least", 64.0, None),
    "li3incl6-water-mediated": (None, None, "vacuum", 200.0, "at_least", 250.0, None),
    "halide-ammonium-wet-chemistry": (773.15, 5.0, "inert", 200.0, "at_least", 250.0, None),
    "li3ercl6-mechanochemical": (None, 99.0, "inert", 200.0, "at_least", 14.0, None),
    "polymer-tape-casting": (None, None, "dry_room", 100.0, "below", 0.28, 223.15),
    "composite-tape-casting": (353.15, None, "dry_room", 100.0, "below", None, 223.15),
    "polymer-hot-pressing": (393.15, None, "dry_room", None, "", None, None),
    "in-situ-lipf6-dol-gelation": (None, None, "sealed_cell", None, "", None, None),
    "in-situ-aloft3-pdol": (None, None, "sealed_cell", None, "", None, None),
    "in-situ-lidfob-pdol": (None, None, "sealed_cell", None, "", None, None),
    "in-situ-thermal-pvca": (None, None, "sealed_cell", None, "", None, None),
    "in-situ-uv-polymerization": (None, None, "sealed_cell", None, "", None, None),
    "in-situ-electrochemical-polymerization": (None, None, "sealed_cell", None, "", None, None),
}
CONDITION_FIELDS = (
    "peak_temperature_k",
    "duration_h",
    "atmosphere",
    "electrolyte_thickness_um",
    "thickness_bound",
    "stack_pressure_mpa",
    "dew_point_k",
)


def test_every_route_has_its_curated_conditions(knowledge):
    stored = {row[0]: row[1:] for row in ProcessingRoute.objects.values_list("slug", *CONDITION_FIELDS)}
    assert stored == ROUTE_CONDITIONS


def test_how_many_routes_give_each_condition(knowledge):
    numeric = ("peak_temperature_k", "duration_h", "electrolyte_thickness_um", "stack_pressure_mpa", "dew_point_k")
    counts = {field: ProcessingRoute.objects.filter(**{f"{field}__isnull": False}).count() for field in numeric}
    assert counts == {
        "peak_temperature_k": 8,
        "duration_h": 4,
        "electrolyte_thickness_um": 10,
        "stack_pressure_mpa": 6,
        "dew_point_k": 2,
    }


@pytest.mark.parametrize(
    "slug",
    [
        "garnet-solid-state-sintering",
        "nasicon-solid-state-sintering",
        "li3incl6-water-mediated",
        "halide-ammonium-wet-chemistry",
        "li3ercl6-mechanochemical",
        "composite-tape-casting",
    ],
)
def test_a_figure_from_the_perspective_names_it_in_the_notes(knowledge, slug):
    # These routes cite another paper; their thickness (and dew point) come from the perspective, which the
    # notes say by key and DOI.
    route = ProcessingRoute.objects.select_related("reference").get(slug=slug)
    assert route.reference.key != PERSPECTIVE
    assert f"({PERSPECTIVE}, doi 10.1360/nso/20220036)" in route.notes


def test_the_wet_halide_route_says_where_its_stack_pressure_comes_from(knowledge):
    # Its own paper tightened the cells with a torque wrench and names only pellet-pressing pressures, so the
    # operating pressure is a representative chloride paper's.
    notes = ProcessingRoute.objects.get(slug="halide-ammonium-wet-chemistry").notes
    assert "torque wrench (60 N·m) but it gives no pressure in MPa" in notes
    assert "(kochetkov2022-chloride-cathodes, doi 10.1039/d2ee00803c)" in notes
    assert "The 100 and 500 MPa the route's own paper names are pellet-pressing pressures." in notes


@pytest.mark.parametrize(
    ("slug", "cited"),
    [
        ("nasicon-solid-state-sintering", "(yao2021-latp-coprecipitation)"),
        ("oxide-hot-pressing", "(wang2018-llzbo-hot-pressing, doi 10.1007/s11581-018-2464-z)"),
        ("sulfide-ball-milling", "(doux2020-stack-pressure, doi 10.1002/aenm.201903253)"),
        ("li3incl6-water-mediated", "(kochetkov2022-chloride-cathodes, doi 10.1039/d2ee00803c)"),
        ("li3ercl6-mechanochemical", "(bmr2023q4-progress-report, DOE Battery Materials Research progress report"),
        ("composite-tape-casting", "(bmr2023q4-progress-report, DOE Battery Materials Research progress report"),
    ],
)
def test_a_representative_papers_figure_is_named_in_the_notes(knowledge, slug, cited):
    assert cited in ProcessingRoute.objects.get(slug=slug).notes


def test_loading_the_processing_fixture_again_updates_routes_in_place(knowledge):
    """The update path for a database bootstrapped earlier: loaddata matches routes by slug (natural key)."""
    from django.core.management import call_command

    from tests.conftest import FIXTURES

    before = dict(ProcessingRoute.objects.values_list("slug", "pk"))
    ProcessingRoute.objects.filter(slug="garnet-solid-state-sintering").update(
        electrolyte_thickness_um=None, thickness_bound="", notes="old"
    )
    history = ProcessingRoute.history.count()
    call_command("loaddata", str(FIXTURES / "05_processing.json"), verbosity=0)
    assert dict(ProcessingRoute.objects.values_list("slug", "pk")) == before
    assert ProcessingRoute.history.count() == history  # a raw load records no history
    garnet = ProcessingRoute.objects.get(slug="garnet-solid-state-sintering")
    assert (garnet.electrolyte_thickness_um, garnet.thickness_bound) == (200.0, "at_least")
    assert garnet.notes.startswith("Class-typical ceramic route")


# Conditions whose figure comes from another paper than the route's own reference (issue 15, item 4).
CONDITION_SOURCES = {
    ("garnet-solid-state-sintering", "peak_temperature_k"): "llzal-mixed-phase-solid-state",
    ("sulfide-ball-milling", "peak_temperature_k"): "yu2016-li6ps5cl-milling",
    ("garnet-solid-state-sintering", "electrolyte_thickness_um"): PERSPECTIVE,
    ("nasicon-solid-state-sintering", "electrolyte_thickness_um"): PERSPECTIVE,
    ("li3incl6-water-mediated", "electrolyte_thickness_um"): PERSPECTIVE,
    ("halide-ammonium-wet-chemistry", "electrolyte_thickness_um"): PERSPECTIVE,
    ("li3ercl6-mechanochemical", "electrolyte_thickness_um"): PERSPECTIVE,
    ("polymer-tape-casting", "stack_pressure_mpa"): "su2022-ptfema-peo-spe",
    ("polymer-hot-pressing", "peak_temperature_k"): "polymers2018-peo-il-melt-compounding",
    ("in-situ-aloft3-pdol", "temperature_note"): "confined-pdol-pvca-in-situ",
    ("composite-tape-casting", "electrolyte_thickness_um"): PERSPECTIVE,
    ("composite-tape-casting", "dew_point_k"): PERSPECTIVE,
    ("nasicon-solid-state-sintering", "peak_temperature_k"): "yao2021-latp-coprecipitation",
    ("nasicon-solid-state-sintering", "duration_h"): "yao2021-latp-coprecipitation",
    ("oxide-hot-pressing", "peak_temperature_k"): "wang2018-llzbo-hot-pressing",
    ("sulfide-ball-milling", "stack_pressure_mpa"): "doux2020-stack-pressure",
    ("li3incl6-water-mediated", "stack_pressure_mpa"): "kochetkov2022-chloride-cathodes",
    ("halide-ammonium-wet-chemistry", "stack_pressure_mpa"): "kochetkov2022-chloride-cathodes",
    ("composite-tape-casting", "peak_temperature_k"): "bmr2023q4-progress-report",
    ("li3ercl6-mechanochemical", "stack_pressure_mpa"): "bmr2023q4-progress-report",
    ("sulfide-melt-quenching", "peak_temperature_k"): "song2025-lbpsi-glass",
    ("sulfide-melt-quenching", "duration_h"): "song2025-lbpsi-glass",
    ("sulfide-melt-quenching", "stack_pressure_mpa"): "song2025-lbpsi-glass",
    ("in-situ-thermal-pvca", "temperature_note"): "confined-pdol-pvca-in-situ",
}


def test_every_condition_source_of_the_fixture(knowledge):
    stored = {
        (row.route.slug, row.field): row.reference.key
        for row in RouteConditionSource.objects.select_related("route", "reference")
    }
    assert stored == CONDITION_SOURCES
    for row in RouteConditionSource.objects.select_related("route", "reference"):
        row.full_clean()  # the route states the sourced condition
        assert '"' in row.note and "http" in row.note, (row.route.slug, row.field)  # a quote and where it was read


@pytest.mark.parametrize(
    ("slug", "field", "value", "reference", "quoted"),
    [
        ("garnet-solid-state-sintering", "peak_temperature_k", 1473.15, "llzal-mixed-phase-solid-state", "1200 °C"),
        ("sulfide-ball-milling", "peak_temperature_k", 823.15, "yu2016-li6ps5cl-milling", "heat-treatment at 550oC"),
        ("composite-tape-casting", "dew_point_k", 223.15, PERSPECTIVE, "low dew point (e.g., −50 °C)"),
        ("polymer-tape-casting", "stack_pressure_mpa", 0.28, "su2022-ptfema-peo-spe", "external pressure of 0.28 MPa"),
        (
            "polymer-hot-pressing",
            "peak_temperature_k",
            393.15,
            "polymers2018-peo-il-melt-compounding",
            "melt compounding at 120 °C",
        ),
        (
            "in-situ-aloft3-pdol",
            "temperature_note",
            "room temperature",
            "confined-pdol-pvca-in-situ",
            "cationically polymerized at room temperature",
        ),
        ("nasicon-solid-state-sintering", "peak_temperature_k", 1173.15, "yao2021-latp-coprecipitation", "900 °C"),
        ("nasicon-solid-state-sintering", "duration_h", 6.0, "yao2021-latp-coprecipitation", "for 6 h"),
        ("oxide-hot-pressing", "peak_temperature_k", 1123.15, "wang2018-llzbo-hot-pressing", "only 850 °C"),
        ("sulfide-ball-milling", "stack_pressure_mpa", 5.0, "doux2020-stack-pressure", "stack pressure of 5 MPa"),
        (
            "li3incl6-water-mediated",
            "stack_pressure_mpa",
            250.0,
            "kochetkov2022-chloride-cathodes",
            "constantly applied pressure of ∼250 MPa",
        ),
        (
            "halide-ammonium-wet-chemistry",
            "stack_pressure_mpa",
            250.0,
            "kochetkov2022-chloride-cathodes",
            "constantly applied pressure of ∼250 MPa",
        ),
        (
            "composite-tape-casting",
            "peak_temperature_k",
            353.15,
            "bmr2023q4-progress-report",
            "followed with a curing step at 80°C for up to 24 hours",
        ),
        (
            "li3ercl6-mechanochemical",
            "stack_pressure_mpa",
            14.0,
            "bmr2023q4-progress-report",
            "LYC synthesized by mechanochemical milling as the catholyte",
        ),
        (
            "sulfide-melt-quenching",
            "peak_temperature_k",
            1073.15,
            "song2025-lbpsi-glass",
            "the temperature was increased to 800 °C for a further 20 h",
        ),
        (
            "sulfide-melt-quenching",
            "duration_h",
            30.0,
            "song2025-lbpsi-glass",
            "maintained at a temperature of 500 °C for 10 h",
        ),
        (
            "sulfide-melt-quenching",
            "stack_pressure_mpa",
            64.0,
            "song2025-lbpsi-glass",
            "with a stacking pressure of about 64 MPa",
        ),
        (
            "in-situ-thermal-pvca",
            "temperature_note",
            "elevated temperature",
            "confined-pdol-pvca-in-situ",
            "free-radically polymerized at an elevated temperature",
        ),
    ],
)
def test_curated_values_cite_the_sentence_they_come_from(knowledge, slug, field, value, reference, quoted):
    route = ProcessingRoute.objects.get(slug=slug)
    assert getattr(route, field) == value
    source = route.condition_sources.select_related("reference").get(field=field)
    assert source.reference.key == reference
    assert quoted in source.note


def test_a_condition_without_a_source_row_comes_from_the_routes_reference(knowledge):
    from electrolytes.selectors.processing import condition_references

    route = ProcessingRoute.objects.select_related("reference").get(slug="halide-ammonium-wet-chemistry")
    refs = {field: ref.key for field, ref in condition_references(route).items()}
    assert refs == {
        "peak_temperature_k": "wang2021-halide-wet",
        "duration_h": "wang2021-halide-wet",
        "atmosphere": "wang2021-halide-wet",
        "electrolyte_thickness_um": PERSPECTIVE,
        "stack_pressure_mpa": "kochetkov2022-chloride-cathodes",
    }


def test_the_new_references_name_what_their_text_did_not_show(knowledge):
    yu = Reference.objects.get(key="yu2016-li6ps5cl-milling")
    assert (yu.doi, yu.year, yu.journal, yu.authors[0]) == (
        "10.1016/j.electacta.2016.08.081",
        2016,
        "Electrochimica Acta",
        "Yu, Chuang",
    )
    assert "Volume and pages are not shown" in yu.notes
    llz = Reference.objects.get(key="llzal-mixed-phase-solid-state")
    assert (llz.authors, llz.year, llz.doi) == ([], None, "")
    assert "authors are left empty, as are journal, year, volume, pages and DOI" in llz.notes
    yao = Reference.objects.get(key="yao2021-latp-coprecipitation")
    assert (yao.doi, yao.year, yao.volume, yao.pages, len(yao.authors)) == ("", 2021, "32", "24834-24844", 8)
    assert "The DOI is not shown there and is left empty." in yao.notes
    hot = Reference.objects.get(key="wang2018-llzbo-hot-pressing")
    assert (hot.doi, hot.authors, hot.journal, hot.volume, hot.pages) == (
        "10.1007/s11581-018-2464-z",
        ["Wang, M.", "Sakamoto, J."],
        "Ionics",
        "24",
        "1861-1868",
    )
    assert "the DOI is the one in that page's address" in hot.notes
    doux = Reference.objects.get(key="doux2020-stack-pressure")
    assert (doux.doi, doux.year, doux.journal, doux.authors[0], doux.authors[-1]) == (
        "10.1002/aenm.201903253",
        2020,
        "Advanced Energy Materials",
        "Doux, J.-M.",
        "Meng, Y. S.",
    )


def test_references_added_with_the_routes_are_defined_once_across_the_fixtures():
    """A reference first cited by a route condition lives in 05; no other fixture file defines its key or DOI."""
    import json

    from tests.conftest import FIXTURES

    def references(path):
        return [o["fields"] for o in json.loads(path.read_text()) if o["model"] == "electrolytes.reference"]

    own = references(FIXTURES / "05_processing.json")
    others = [
        fields
        for path in sorted(FIXTURES.glob("*.json"))
        if path.name != "05_processing.json"
        for fields in references(path)
    ]
    assert {
        "yao2021-latp-coprecipitation",
        "wang2018-llzbo-hot-pressing",
        "doux2020-stack-pressure",
        "song2025-lbpsi-glass",
    } <= {f["key"] for f in own}
    assert not {f["key"] for f in own} & {f["key"] for f in others}
    assert not ({f["doi"] for f in own} - {""}) & {f["doi"] for f in others}


POLYMER_AND_IN_SITU_ROUTES = (
    "polymer-tape-casting",
    "composite-tape-casting",
    "polymer-hot-pressing",
    "in-situ-lipf6-dol-gelation",
    "in-situ-aloft3-pdol",
    "in-situ-lidfob-pdol",
    "in-situ-thermal-pvca",
    "in-situ-uv-polymerization",
    "in-situ-electrochemical-polymerization",
)


def test_how_many_polymer_and_in_situ_routes_give_each_condition(knowledge):
    # Issue 15 item 4 for the polymer and in-situ routes: only what a text read states was filled in.
    routes = ProcessingRoute.objects.filter(slug__in=POLYMER_AND_IN_SITU_ROUTES)
    assert routes.count() == len(POLYMER_AND_IN_SITU_ROUTES)
    fields = ("peak_temperature_k", "duration_h", "electrolyte_thickness_um", "stack_pressure_mpa", "dew_point_k")
    counts = {field: routes.filter(**{f"{field}__isnull": False}).count() for field in fields}
    assert counts == {
        "peak_temperature_k": 2,
        "duration_h": 0,
        "electrolyte_thickness_um": 2,
        "stack_pressure_mpa": 1,
        "dew_point_k": 2,
    }
    in_words = dict(routes.exclude(temperature_note="").values_list("slug", "temperature_note"))
    assert in_words == {
        "in-situ-lipf6-dol-gelation": "ambient temperature",
        "in-situ-aloft3-pdol": "room temperature",
        "in-situ-thermal-pvca": "elevated temperature",
    }


def test_a_polymer_route_figure_from_another_paper_says_so_in_the_route_notes(knowledge):
    cast = ProcessingRoute.objects.get(slug="polymer-tape-casting")
    assert "(su2022-ptfema-peo-spe, doi 10.1038/s41467-022-31792-5)" in cast.notes
    assert cast.stack_pressure_mpa == 0.28
    hot = ProcessingRoute.objects.get(slug="polymer-hot-pressing")
    assert "(polymers2018-peo-il-melt-compounding, doi 10.3390/polym10020124)" in hot.notes
    assert "gives no pressing temperature" in hot.notes
    pdol = ProcessingRoute.objects.get(slug="in-situ-aloft3-pdol")
    assert "(confined-pdol-pvca-in-situ)" in pdol.notes
    assert "was not available to check" in pdol.notes


def test_the_polymer_routes_new_references_name_what_their_text_did_not_show(knowledge):
    su = Reference.objects.get(key="su2022-ptfema-peo-spe")
    assert (su.doi, su.year, su.journal, su.volume, su.pages) == (
        "10.1038/s41467-022-31792-5",
        2022,
        "Nature Communications",
        "13",
        "4181",
    )
    assert (len(su.authors), su.authors[0], su.authors[-1]) == (16, "Su, Yun", "Hu, Yong-Sheng")
    assert "does not say how the membrane was made" in su.notes
    melt = Reference.objects.get(key="polymers2018-peo-il-melt-compounding")
    assert (melt.doi, melt.year, melt.journal, melt.volume, melt.pages, melt.authors) == (
        "10.3390/polym10020124",
        2018,
        "Polymers",
        "10",
        "124",
        [],
    )
    assert "not the authors, so authors are left empty" in melt.notes
    confined = Reference.objects.get(key="confined-pdol-pvca-in-situ")
    assert (confined.authors, confined.year, confined.doi, confined.journal) == ([], None, "", "")
    assert "the title is taken from the page address" in confined.notes
    assert "Authors, journal, year, volume, pages and DOI were not shown" in confined.notes


def test_loading_the_processing_fixture_again_keeps_one_source_per_condition(knowledge):
    from django.core.management import call_command

    from tests.conftest import FIXTURES

    before = dict(RouteConditionSource.objects.values_list("pk", "note"))
    call_command("loaddata", str(FIXTURES / "05_processing.json"), verbosity=0)
    assert dict(RouteConditionSource.objects.values_list("pk", "note")) == before


def test_the_round3_conditions_say_what_their_report_does_not(knowledge):
    """Round 3 of the route conditions: two figures from the DOE Battery Materials Research progress report
    (FY2023 Q4), each for the route type and class the report states, with what the report leaves open."""
    report = Reference.objects.get(key="bmr2023q4-progress-report")
    assert (report.kind, report.doi, report.authors, report.year, report.journal) == ("other", "", [], 2024, "")
    assert "search tool" in report.notes
    assert "no authors, so authors are left empty" in report.notes
    assert "Defined in 02 rather than 08 so that 05 can cite it." in report.notes
    # Like kochetkov2022-chloride-cathodes, it lives in 02, which loads before 05 and is read by the screening checks.
    import json

    from tests.conftest import FIXTURES

    def keys(name):
        return [
            o["fields"]["key"]
            for o in json.loads((FIXTURES / name).read_text())
            if o["model"] == "electrolytes.reference"
        ]

    assert keys("02_references.json").count("bmr2023q4-progress-report") == 1
    assert "bmr2023q4-progress-report" not in keys("05_processing.json") + keys("08_screening_more.json")

    cast = ProcessingRoute.objects.get(slug="composite-tape-casting")
    assert (cast.peak_temperature_k, cast.duration_h) == (353.15, None)
    assert "'up to 24 hours', so no duration is recorded" in cast.notes
    cure = cast.condition_sources.get(field="peak_temperature_k")
    assert "casted by slot-die coating" in cure.note
    assert "names no solvent or drying temperature" in cure.note

    milled = ProcessingRoute.objects.get(slug="li3ercl6-mechanochemical")
    assert (milled.peak_temperature_k, milled.stack_pressure_mpa) == (None, 14.0)
    assert "it is Li3YCl6, not Li3ErCl6" in milled.notes
    pressure = milled.condition_sources.get(field="stack_pressure_mpa")
    assert "the pressure was 14 MPa" in pressure.note
    assert "the electrolyte is Li3YCl6, not Li3ErCl6" in pressure.note
    for source in (cure, pressure):
        assert "BMR Q4 FY23_FINAL_2-9-24.md" in source.note
        assert source.note.startswith("Typical conditions, as reported for")


def test_the_round4_melt_quenching_conditions_say_what_their_paper_does_not(knowledge):
    """Round 4 of the route conditions: the melt-quenching route's melting temperature, furnace time and cell pressure
    come from one representative paper, whose glass is a Li2S-B2S3-P2S5-LiI glass rather than a binary Li2S-P2S5 one."""
    song = Reference.objects.get(key="song2025-lbpsi-glass")
    assert (song.kind, song.doi, song.year, song.journal, song.volume, song.pages) == (
        "article",
        "10.1038/s41586-024-08298-9",
        2025,
        "Nature",
        "",
        "",
    )
    assert (len(song.authors), song.authors[0], song.authors[-1]) == (17, "Song, Huimin", "Pang, Quanquan")
    assert "Volume and pages are not shown there and are left empty." in song.notes
    assert "s41586-024-08298-9.md" in song.notes

    melt = ProcessingRoute.objects.get(slug="sulfide-melt-quenching")
    assert (melt.peak_temperature_k, melt.duration_h, melt.stack_pressure_mpa) == (1073.15, 30.0, 64.0)
    assert melt.reference.key == PERSPECTIVE
    assert "(song2025-lbpsi-glass, doi 10.1038/s41586-024-08298-9)" in melt.notes
    assert "not the binary Li2S-P2S5 glass of this route's name" in melt.notes
    assert "those two furnace holds only" in melt.notes
    assert "not the 128 and 320 MPa used to press the layers" in melt.notes
    assert '"' not in melt.notes  # the notes paraphrase; the quotes live in the source rows

    sources = {row.field: row for row in melt.condition_sources.select_related("reference")}
    assert set(sources) == {"peak_temperature_k", "duration_h", "stack_pressure_mpa"}
    for row in sources.values():
        assert row.reference.key == "song2025-lbpsi-glass"
        assert "processed_text_only/s41586-024-08298-9.md" in row.note
        assert "commit 63eb0a1" in row.note
    assert "adds the 10 h and 20 h holds" in sources["duration_h"].note
    assert "B2S3 and LiI besides Li2S and P2S5" in sources["peak_temperature_k"].note
    assert "pressed beforehand at 128 and 320 MPa" in sources["stack_pressure_mpa"].note


def test_the_in_situ_conditions_say_what_their_text_does_not_give(knowledge):
    """Issue 15 item 4 for the in-situ routes: no text read gives a curing temperature, time, thickness or pressure
    for them, so only words are recorded; the thermal PVCA route's comes from a dual-network paper, and says so."""
    in_situ = ProcessingRoute.objects.filter(mode="in_situ")
    numeric = ("peak_temperature_k", "duration_h", "electrolyte_thickness_um", "stack_pressure_mpa", "dew_point_k")
    for field in numeric:
        assert not in_situ.filter(**{f"{field}__isnull": False}).exists(), field

    pvca = ProcessingRoute.objects.select_related("reference").get(slug="in-situ-thermal-pvca")
    assert (pvca.reference.key, pvca.temperature_note, pvca.peak_temperature_k, pvca.duration_h) == (
        "chai2017",
        "elevated temperature",
        None,
        None,
    )
    assert "(confined-pdol-pvca-in-situ)" in pvca.notes
    assert "gives no figure, no time and no initiator" in pvca.notes
    assert "Chai et al. (2017) were not available to check" in pvca.notes
    assert '"' not in pvca.notes  # the notes paraphrase; the quote lives in the source row
    source = pvca.condition_sources.select_related("reference").get(field="temperature_note")
    assert source.reference.key == "confined-pdol-pvca-in-situ"
    assert "under heating treatment can be achieved" in source.note
    assert "rather than alone with a lithium salt as in Chai et al. (2017)" in source.note
    assert "Read 2026-12-03 at https://discovery.researcher.life/article/confined-in-situ" in source.note

    confined = Reference.objects.get(key="confined-pdol-pvca-in-situ")
    assert "of the Al(OTf)3 DOL route and of the thermal PVCA route" in confined.notes
    assert set(confined.route_conditions.values_list("route__slug", flat=True)) == {
        "in-situ-aloft3-pdol",
        "in-situ-thermal-pvca",
    }
