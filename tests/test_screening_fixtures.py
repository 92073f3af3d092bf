"""The curated screening data (fixtures/*screening*.json): every value sourced, with its unit, computed windows marked.

Read as JSON, without a database: these are rules on the curated files themselves, so a new entry that breaks
one fails here before it is ever loaded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from electrolytes import units
from tests.curated_fixtures import (
    CURATED,
    CURATED_FILES,
    EA_ROUND3,
    EA_ROUND4,
    EA_ROUND5,
    FULLTEXT,
    MOISTURE_LI,
    MOISTURE_ROUND2,
    MOISTURE_ROUND3,
    MOISTURE_ROUND5,
    POLYMERS_MORE,
    STABILITY_MORE,
    SULFIDES,
    Bibliography,
    CuratedFile,
    NewMaterial,
    fixture_files,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCREENING_FILES = sorted(FIXTURES.glob("*screening*.json"))
WINDOW_PROPERTIES = {"oxidation_limit", "reduction_limit"}
# Words with which a note says a value comes from a calculation rather than an experiment.
COMPUTED_WORDS = re.compile(r"\b(computed|calculated|first[- ]principles|DFT|ab initio|grand[- ]potential)\b", re.I)
# A reported value written as a plain number, perhaps after ~ or ≈.
PLAIN_NUMBER = re.compile(r"[~≈]?\s*([-+]?\d+(?:\.\d+)?)")
# Methods that are experiments; with any other method the note has to say how the value was measured.
EXPERIMENTAL_METHODS = {"lsv", "cv", "eis", "dc_polarisation", "galvanostatic", "exposure"}
# Words with which a note says how a value was measured.
MEASURED_WORDS = re.compile(r"\b(measur\w*|voltammetry|CV|LSV|PITT|titration|lithiation|experiment\w*)\b", re.I)


def _objects(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _measurements() -> list[tuple[str, dict]]:
    return [
        (f"{path.name} pk {obj['pk']}", obj["fields"])
        for path in SCREENING_FILES
        for obj in _objects(path)
        if obj["model"] == "electrolytes.measurement"
    ]


def _reference_keys() -> set[str]:
    files = [FIXTURES / "02_references.json", *SCREENING_FILES]
    return {
        obj["fields"]["key"] for path in files for obj in _objects(path) if obj["model"] == "electrolytes.reference"
    }


def _properties() -> dict[str, dict]:
    return {obj["fields"]["key"]: obj["fields"] for obj in _objects(FIXTURES / "00_properties.json")}


MEASUREMENTS = _measurements()


def test_the_screening_fixtures_exist_and_hold_measurements():
    assert SCREENING_FILES, "no fixtures/*screening*.json"
    assert MEASUREMENTS


@pytest.mark.parametrize(("where", "fields"), MEASUREMENTS, ids=[w for w, _ in MEASUREMENTS])
def test_every_measurement_names_a_known_reference_and_its_reported_unit(where, fields):
    assert fields.get("reference"), f"{where}: no reference"
    (key,) = fields["reference"]
    assert key in _reference_keys(), f"{where}: reference {key!r} is in no fixture"
    prop = _properties()[fields["property"][0]]
    assert fields.get("reported_unit"), f"{where}: no reported unit"
    assert fields["reported_unit"] in prop["accepted_units"], f"{where}: {fields['reported_unit']!r} not accepted"
    assert fields.get("notes", "").strip(), f"{where}: the notes must say which sentence supports the value"


@pytest.mark.parametrize(("where", "fields"), MEASUREMENTS, ids=[w for w, _ in MEASUREMENTS])
def test_stored_value_is_the_reported_one_in_the_canonical_unit(where, fields):
    prop = _properties()[fields["property"][0]]
    assert prop["min_value"] <= fields["value"] <= prop["max_value"], where
    plain = PLAIN_NUMBER.fullmatch(fields["reported_value"].strip())
    if plain:  # a value written as "1.2 x 10^-4" is left to the import's own unit tests
        expected = units.to_canonical(float(plain.group(1)), fields["reported_unit"], prop["canonical_unit"])
        assert fields["value"] == pytest.approx(expected, rel=1e-9), where


@pytest.mark.parametrize("curated", [c for c in CURATED_FILES if c.fills_gaps], ids=str)
def test_a_curated_value_fills_a_gap_left_by_the_files_loaded_before_it(curated: CuratedFile):
    """The point of such a file: each of its values (of the properties it names) is for a material that had none
    for that property in the files before it, rather than one more value where one is stored."""
    earlier = {
        (obj["fields"]["material"][0], obj["fields"]["property"][0])
        for path in fixture_files()
        if path.name < curated.name
        for obj in _objects(path)
        if obj["model"] == "electrolytes.measurement"
    }
    material, prop = curated.columns.index("material"), curated.columns.index("property")
    for pk, row in curated.values.items():
        if row[prop] in curated.fills_gaps:
            assert (row[material], row[prop]) not in earlier, pk


@pytest.mark.parametrize("curated", CURATED_FILES, ids=str)
def test_no_curated_value_repeats_a_material_property_and_source_stored_before(curated: CuratedFile):
    earlier = {
        (obj["fields"]["material"][0], obj["fields"]["property"][0], (obj["fields"]["reference"] or [None])[0])
        for path in fixture_files()
        if path.name < curated.name
        for obj in _objects(path)
        if obj["model"] == "electrolytes.measurement"
    }
    for obj in curated.objects("measurement"):
        fields = obj["fields"]
        assert (fields["material"][0], fields["property"][0], fields["reference"][0]) not in earlier, obj["pk"]


@pytest.mark.parametrize(("where", "fields"), MEASUREMENTS, ids=[w for w, _ in MEASUREMENTS])
def test_every_window_says_whether_it_was_computed_or_measured(where, fields):
    """A window limit is either marked computed (method 'computed', the note naming the calculation) or its method
    or note says how it was measured; a first-principles window can therefore not pass for a measured one."""
    if fields["property"][0] not in WINDOW_PROPERTIES:
        return
    notes = fields.get("notes", "")
    if fields["method"] == "computed":
        assert COMPUTED_WORDS.search(notes), f"{where}: marked computed, but the note does not say how it was computed"
    else:
        says_measured = fields["method"] in EXPERIMENTAL_METHODS or MEASURED_WORDS.search(notes)
        assert says_measured, f"{where}: not marked computed, and neither its method nor its note says it was measured"


def test_screening_measurement_keys_are_unique_across_the_files():
    pks = [
        obj["pk"] for path in SCREENING_FILES for obj in _objects(path) if obj["model"] == "electrolytes.measurement"
    ]
    assert len(pks) == len(set(pks))
    main = {obj["pk"] for obj in _objects(FIXTURES / "04_materials.json") if obj["model"] == "electrolytes.measurement"}
    assert not main & set(pks)


# --- the curated files, 09_ onwards (tests/curated_fixtures.py): the rules each of them follows ------------------
# Each file's expected values, keys, references and materials are data in tests/curated_fixtures.py; the tests
# peculiar to one file follow below (09, 11, 13) or sit in tests/test_screening_ea_window.py (10) and
# tests/test_screening_window_more.py (12).

each_curated_file = pytest.mark.parametrize("curated", CURATED_FILES, ids=str)


@each_curated_file
def test_bootstrap_loads_the_curated_file_after_the_files_it_builds_on(curated: CuratedFile):
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    assert curated.path in files and curated.path in SCREENING_FILES  # so the sourcing rules above apply to it too
    for name in curated.builds_on:
        assert files.index(FIXTURES / name) < files.index(curated.path), name


@each_curated_file
def test_the_curated_file_holds_exactly_the_listed_values(curated: CuratedFile):
    assert curated.measurement_rows() == curated.values


@each_curated_file
def test_curated_keys_are_in_their_range_and_free_in_every_other_fixture(curated: CuratedFile):
    assert {pk for _, pk in curated.object_keys()} <= set(curated.pks)
    assert not curated.key_clashes()
    # The materials it adds are exactly the listed ones (none, for most files), under slugs no other file uses.
    slugs = {obj["fields"]["slug"] for obj in curated.objects("material")}
    taken = {obj["fields"]["slug"] for obj in curated.elsewhere("material")}
    assert slugs == set(curated.new_materials) and not slugs & taken
    # Every value is attached to a material that exists.
    assert {obj["fields"]["material"][0] for obj in curated.objects("measurement")} <= slugs | taken


@each_curated_file
def test_new_references_are_new_cited_and_carry_their_bibliography(curated: CuratedFile):
    refs = {obj["fields"]["key"]: obj["fields"] for obj in curated.objects("reference")}
    assert set(refs) == set(curated.references)
    elsewhere = {obj["fields"]["key"] for obj in curated.elsewhere("reference")}
    assert not set(refs) & elsewhere
    for key, expected in curated.references.items():
        fields = refs[key]
        authors = fields["authors"]
        found = Bibliography(
            fields["kind"], fields["doi"], fields["year"], fields["journal"], authors[0] if authors else None
        )
        assert found == expected, key
        assert fields["title"].strip() and fields["notes"].strip(), key
        missing = [name for name in ("doi", "journal", "authors", "year") if not fields[name]]
        if missing:
            assert "left empty" in fields["notes"], f"{key}: {missing} empty without saying so"
    cited = {row[curated.columns.index("reference")] for row in curated.values.values()}
    assert set(refs) <= cited
    assert cited - set(refs) == curated.reused_references
    assert curated.reused_references <= elsewhere  # the reused ones exist in another fixture


@each_curated_file
def test_a_curated_value_written_with_a_power_of_ten_is_stored_as_that_number(curated: CuratedFile):
    power = re.compile(r"(\d+(?:\.\d+)?) × 10\^(-?\d+)")
    matched = 0
    for obj in curated.objects("measurement"):
        match = power.fullmatch(obj["fields"]["reported_value"])
        if match:
            matched += 1
            mantissa, exponent = match.groups()
            assert obj["fields"]["value"] == pytest.approx(float(mantissa) * 10 ** int(exponent), rel=1e-12), obj["pk"]
    assert matched == curated.powers_of_ten


@each_curated_file
def test_a_curated_level_is_a_whole_step_of_its_scale(curated: CuratedFile):
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in curated.objects("measurement"):
        fields = obj["fields"]
        if fields["property"][0] in scales:
            assert str(int(fields["value"])) in scales[fields["property"][0]], obj["pk"]
            assert fields["reported_value"] == str(int(fields["value"])), obj["pk"]


@pytest.mark.django_db
@each_curated_file
def test_loaded_curated_values_keep_their_references_and_new_materials_their_make_up(knowledge, curated: CuratedFile):
    from electrolytes.models import Component, Material, Measurement

    for pk, expected in curated.values.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        related = {"material": m.material.slug, "property": m.property.key, "reference": m.reference.key}
        assert tuple(related[c] if c in related else getattr(m, c) for c in curated.columns) == expected, pk
    for slug, expected in curated.new_materials.items():
        material = Material.objects.select_related("electrolyte_class", "family").get(slug=slug)
        roles = Component.objects.filter(material=material).order_by("position").values_list("role", flat=True)
        found = NewMaterial(
            material.electrolyte_class.slug,
            material.family.slug,
            material.kind,
            material.physical_state,
            material.formula,
            list(roles),
        )
        assert found == expected, slug
        assert material.measurements.filter(property__key="ionic_conductivity", temperature_k__isnull=False).exists()


# --- fixtures/09_screening_curated.json: the values added for the screening checks (issue 12, part 4) ------------


def test_a_conductivity_written_with_a_power_of_ten_is_stored_as_that_number():
    power = re.compile(r"(\d+(?:\.\d+)?) × 10\^(-?\d+)")
    sigmas = [obj for obj in CURATED.objects("measurement") if obj["fields"]["property"] == ["ionic_conductivity"]]
    assert sigmas
    for obj in sigmas:
        mantissa, exponent = power.fullmatch(obj["fields"]["reported_value"]).groups()
        assert obj["fields"]["value"] == pytest.approx(float(mantissa) * 10 ** int(exponent), rel=1e-12), obj["pk"]
        assert obj["fields"]["temperature_nominal"] and obj["fields"]["temperature_k"] == 298.15, obj["pk"]


@pytest.mark.django_db
def test_the_lithium_metal_check_reads_the_curated_levels(knowledge):
    from django.contrib.auth.models import AnonymousUser

    from electrolytes.screening import FAIL, PASS, Requirements
    from electrolytes.selectors.screening import screen

    result = screen(Requirements(anode="lithium-metal"), user=AnonymousUser(), limit=10_000)
    checks = {
        row.material.slug: next(c for c in row.result.checks if c.key == "lithium_metal") for row in result.materials
    }
    llzo, lgps, lzc = checks["li7la3zr2o12"], checks["li10gep2s12"], checks["li2zrcl6"]
    assert (llzo.status, llzo.value) == (PASS, 3)
    assert llzo.source.startswith("Aktekin")
    assert (lgps.status, lgps.value) == (FAIL, 1)
    assert lgps.source.startswith("Aktekin")
    assert (lzc.status, lzc.value) == (PASS, 2)


# --- fixtures/11_screening_moisture_li.json: moisture, lithium-metal and CCD values (issue 12, part 4) -------------

# A level's note has to say which level it is and why, in the scale's own terms.
LEVEL_IN_NOTE = re.compile(r"\bLevel ([1-5])\b")


def test_every_moisture_li_level_is_named_in_its_note_with_a_url():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in MOISTURE_LI.objects("measurement"):
        fields = obj["fields"]
        assert "http" in fields["notes"] or "GitHub" in fields["notes"], obj["pk"]  # where the sentence was read
        if fields["property"][0] in scales:
            levels = {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])}
            assert levels == {int(fields["value"])}, obj["pk"]


# --- fixtures/13_screening_stability_more.json: more moisture and lithium-metal levels (issue 12, part 4) ----------


def test_every_stability_more_reference_says_where_its_text_was_read():
    for obj in STABILITY_MORE.objects("reference"):
        fields = obj["fields"]
        assert fields["url"].startswith("http") or "GitHub" in fields["notes"], fields["key"]


def test_every_stability_more_value_quotes_its_source_and_names_its_level():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in STABILITY_MORE.objects("measurement"):
        fields = obj["fields"]
        assert ("http" in fields["notes"] or "GitHub" in fields["notes"]) and "'" in fields["notes"], obj["pk"]
        if fields["property"][0] not in scales:
            # a number: the note quotes it as printed
            assert fields["reported_value"].rstrip("0") in fields["notes"], obj["pk"]
            continue
        levels = {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])}
        assert levels == {int(fields["value"])}, obj["pk"]


# --- fixtures/15_screening_sulfides.json: windows and activation energies of the sulfides (issue 12) ---------------


def test_every_sulfide_value_quotes_its_source_where_it_was_read():
    for obj in SULFIDES.objects("measurement"):
        fields = obj["fields"]
        assert "GitHub" in fields["notes"] and "'" in fields["notes"], obj["pk"]
        assert fields["reported_value"].rstrip("0") in fields["notes"], obj["pk"]
    for obj in SULFIDES.objects("reference"):
        assert "GitHub" in obj["fields"]["notes"], obj["fields"]["key"]


def test_a_sulfide_value_taken_from_a_review_names_the_primary_paper_it_cites():
    reviews = {obj["fields"]["key"] for obj in SULFIDES.objects("reference") if obj["fields"]["kind"] == "review"}
    assert reviews
    for obj in SULFIDES.objects("measurement"):
        if obj["fields"]["reference"][0] in reviews:
            assert re.search(r"\bref\. \[?\d+\]? is ", obj["fields"]["notes"], re.I), obj["pk"]


def test_a_sulfide_window_bound_says_which_bound_it_is():
    """The argyrodite windows are the ends of a voltammetry sweep: an oxidation limit above it, a reduction limit
    below it; the notes say so, and the screening reads neither as a value (only "=" and "~" count there)."""
    words = {">": "lower bound", "<": "upper bound"}
    bounds = [obj["fields"] for obj in SULFIDES.objects("measurement") if obj["fields"]["qualifier"] in words]
    assert bounds
    for fields in bounds:
        assert fields["property"][0] in WINDOW_PROPERTIES
        assert words[fields["qualifier"]] in fields["notes"]
        expected = ">" if fields["property"][0] == "oxidation_limit" else "<"
        assert fields["qualifier"] == expected


# --- fixtures/17_screening_polymers_more.json: more screening values for the polymer electrolytes (issue 12) -------


def test_every_polymers_more_value_quotes_its_source_with_the_address_read():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in POLYMERS_MORE.objects("measurement"):
        fields = obj["fields"]
        assert "http" in fields["notes"] and "'" in fields["notes"], obj["pk"]
        if fields["property"][0] in scales:
            levels = {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])}
            assert levels == {int(fields["value"])}, obj["pk"]
        elif fields["property"][0] == "activation_energy":
            # an Arrhenius energy only: the note says so, and a VTF pseudo-activation energy never lands here
            assert "Arrhenius" in fields["notes"], obj["pk"]
        else:
            assert fields["reported_value"] in fields["notes"], obj["pk"]


# --- fixtures/18_screening_fulltext.json: gaps filled from full texts and review tables (issue 12) -----------------


def _review_keys() -> set[str]:
    return {
        obj["fields"]["key"]
        for path in [FIXTURES / "02_references.json", *SCREENING_FILES]
        for obj in _objects(path)
        if obj["model"] == "electrolytes.reference" and obj["fields"]["kind"] == "review"
    }


def _assert_a_review_value_names_its_primary_paper(fields: dict, pk: int, reviews: set[str]) -> None:
    """A value read in a review's table says which of the review's references it came from (fixture 18's rule)."""
    if fields["reference"][0] in reviews:
        assert re.search(r"\bref\. \[?\d+\]? is ", fields["notes"]), pk
        assert "primary paper" in fields["notes"], pk


def test_every_fulltext_value_quotes_where_it_was_read_and_names_the_primary_paper():
    reviews = _review_keys()
    for obj in FULLTEXT.objects("measurement"):
        fields = obj["fields"]
        assert "GitHub" in fields["notes"] and "'" in fields["notes"], obj["pk"]
        assert fields["reported_value"] in fields["notes"], obj["pk"]
        _assert_a_review_value_names_its_primary_paper(fields, obj["pk"], reviews)


# --- fixtures/21_screening_moisture_round2.json: moisture levels for more materials (issue 12, round 2) ------------


@pytest.mark.parametrize("curated", [MOISTURE_ROUND2, MOISTURE_ROUND3, MOISTURE_ROUND5], ids=str)
def test_every_moisture_round_level_quotes_its_source_and_names_its_level_once(curated: CuratedFile):
    for obj in curated.objects("measurement"):
        fields = obj["fields"]
        assert "http" in fields["notes"] and "'" in fields["notes"], obj["pk"]  # a quote and where it was read
        assert {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])} == {int(fields["value"])}, obj["pk"]
    for obj in curated.objects("reference"):
        assert "search tool" in obj["fields"]["notes"], obj["fields"]["key"]  # where its bibliography was read


# --- fixtures/22_screening_ea_round3.json, 26_screening_ea_round4.json and 28_screening_ea_round5.json: Arrhenius
# activation energies for more materials (issue 12, rounds 3 to 5) -------------------------------------------------


@pytest.mark.parametrize("curated", [EA_ROUND3, EA_ROUND4, EA_ROUND5], ids=str)
def test_every_ea_round_value_quotes_its_source_and_is_an_arrhenius_energy(curated: CuratedFile):
    reviews = _review_keys()
    for obj in curated.objects("measurement"):
        fields = obj["fields"]
        assert fields["property"] == ["activation_energy"], obj["pk"]
        assert "http" in fields["notes"] and "'" in fields["notes"], obj["pk"]  # a quote and where it was read
        assert fields["reported_value"] in fields["notes"], obj["pk"]
        # an Arrhenius energy only: the note says so, and a VTF pseudo-activation energy never lands here
        assert "Arrhenius" in fields["notes"] and "VTF" not in fields["notes"], obj["pk"]
        assert fields["temperature_k"] is None, obj["pk"]
        _assert_a_review_value_names_its_primary_paper(fields, obj["pk"], reviews)
    for obj in curated.objects("reference"):
        assert "search tool" in obj["fields"]["notes"], obj["fields"]["key"]  # where its bibliography was read


# --- fixtures/24_screening_moisture_round3.json and 29_screening_moisture_round5.json: moisture levels for more
# materials (issue 12, rounds 3 and 5) -----------------------------------------------------------------------------
# (their quotes and levels: the round-2 test above, parametrized over these files too)


@pytest.mark.parametrize("curated", [MOISTURE_ROUND3, MOISTURE_ROUND5], ids=str)
def test_every_moisture_round_value_is_an_exposure_result_with_a_reference_address(curated: CuratedFile):
    for obj in curated.objects("measurement"):
        fields = obj["fields"]
        assert fields["property"] == ["moisture_stability"] and fields["method"] == "exposure", obj["pk"]
    for obj in curated.objects("reference"):
        assert obj["fields"]["url"].startswith("http"), obj["fields"]["key"]
