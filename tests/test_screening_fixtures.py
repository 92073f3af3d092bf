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


# --- fixtures/09_screening_curated.json: the values added for the screening checks (issue 12, part 4) ------------

CURATED = FIXTURES / "09_screening_curated.json"
CURATED_PKS = range(23000, 24000)
# pk: material, property, stored value, reported unit, reference, method, temperature (K).
CURATED_VALUES = {
    23010: ("li7la3zr2o12", "lithium_metal_stability", 3, "level", "aktekin2023-ctta", "other", None),
    23011: ("li6ps5cl", "lithium_metal_stability", 2, "level", "aktekin2023-ctta", "other", 298.15),
    23012: ("beta-li3ps4", "lithium_metal_stability", 2, "level", "aktekin2023-ctta", "other", None),
    23013: ("li2zrcl6", "lithium_metal_stability", 2, "level", "wang2022-halide-prospects", "galvanostatic", None),
    23014: ("lipon-sputtered-film", "activation_energy", 0.63, "eV", "put2016-lipon-sputtered", "eis", None),
    23015: ("lipon-sputtered-film", "activation_energy", 0.53, "eV", "put2016-lipon-sputtered", "eis", None),
    23016: ("lipon-sputtered-film", "lithium_metal_stability", 2, "level", "famprikis2019-fundamentals", "other", None),
    23017: ("pvdfhfp-ca-gel", "oxidation_limit", 4.81, "V", "wei2024-pvdfhfp-ca-gel", "not_specified", None),
    # Every material needs a sourced conductivity (tests/test_fixtures.py): the two new ones, from the same abstracts.
    23019: ("lipon-sputtered-film", "ionic_conductivity", 1e-06, "S/cm", "put2016-lipon-sputtered", "eis", 298.15),
    23020: (
        "pvdfhfp-ca-gel",
        "ionic_conductivity",
        0.001087,
        "S/cm",
        "wei2024-pvdfhfp-ca-gel",
        "not_specified",
        298.15,
    ),
}
# key: DOI (empty where the retrieved text did not print it), year, journal, first author.
CURATED_REFERENCES = {
    "famprikis2019-fundamentals": ("10.1038/s41563-019-0431-3", 2019, "Nature Materials", "Famprikis, Theodosios"),
    "put2016-lipon-sputtered": ("", 2016, "ACS Applied Materials & Interfaces", "Put, Brecht"),
    "wei2024-pvdfhfp-ca-gel": ("10.1016/j.cej.2024.157725", 2024, "Chemical Engineering Journal", "Wei, Xiaoxuan"),
}


def _curated(model: str) -> list[dict]:
    return [obj for obj in _objects(CURATED) if obj["model"] == f"electrolytes.{model}"]


def test_bootstrap_loads_the_curated_file_after_the_files_it_builds_on():
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    # Later curated files (10_, 11_, ...) may follow it; what matters is that everything it refers to comes first.
    builds_on = [FIXTURES / name for name in ("00_properties.json", "02_references.json", "04_materials.json")]
    assert all(files.index(path) < files.index(CURATED) for path in builds_on)
    assert CURATED in SCREENING_FILES  # so the sourcing rules above apply to it too


def test_the_curated_file_holds_exactly_the_listed_values():
    found = {
        obj["pk"]: (
            obj["fields"]["material"][0],
            obj["fields"]["property"][0],
            obj["fields"]["value"],
            obj["fields"]["reported_unit"],
            obj["fields"]["reference"][0],
            obj["fields"]["method"],
            obj["fields"]["temperature_k"],
        )
        for obj in _curated("measurement")
    }
    assert found == CURATED_VALUES


def test_curated_keys_are_in_their_range_and_free_in_every_other_fixture():
    mine = {(obj["model"], obj["pk"]) for obj in _objects(CURATED) if "pk" in obj}
    assert {pk for _, pk in mine} <= set(CURATED_PKS)
    others = {
        (obj["model"], obj["pk"])
        for path in sorted(FIXTURES.glob("*.json"))
        if path != CURATED
        for obj in _objects(path)
        if "pk" in obj
    }
    assert not mine & others
    slugs = {obj["fields"]["slug"] for obj in _curated("material")}
    taken = {
        obj["fields"]["slug"]
        for path in sorted(FIXTURES.glob("*.json"))
        if path != CURATED
        for obj in _objects(path)
        if obj["model"] == "electrolytes.material"
    }
    assert slugs == {"lipon-sputtered-film", "pvdfhfp-ca-gel"} and not slugs & taken


def test_new_references_are_new_cited_and_carry_their_bibliography():
    refs = {obj["fields"]["key"]: obj["fields"] for obj in _curated("reference")}
    assert set(refs) == set(CURATED_REFERENCES)
    elsewhere = _reference_keys() - set(refs)
    assert not set(refs) & {
        obj["fields"]["key"]
        for path in [FIXTURES / "02_references.json", *SCREENING_FILES]
        if path != CURATED
        for obj in _objects(path)
        if obj["model"] == "electrolytes.reference"
    }
    for key, (doi, year, journal, first_author) in CURATED_REFERENCES.items():
        fields = refs[key]
        assert (fields["doi"], fields["year"], fields["journal"], fields["authors"][0]) == (
            doi,
            year,
            journal,
            first_author,
        )
        assert fields["title"].strip() and fields["notes"].strip(), key
    cited = {values[4] for values in CURATED_VALUES.values()}
    assert set(refs) <= cited
    assert cited - set(refs) <= elsewhere  # the reused ones exist in an earlier fixture


def test_a_conductivity_written_with_a_power_of_ten_is_stored_as_that_number():
    power = re.compile(r"(\d+(?:\.\d+)?) × 10\^(-?\d+)")
    sigmas = [obj for obj in _curated("measurement") if obj["fields"]["property"] == ["ionic_conductivity"]]
    assert sigmas
    for obj in sigmas:
        mantissa, exponent = power.fullmatch(obj["fields"]["reported_value"]).groups()
        assert obj["fields"]["value"] == pytest.approx(float(mantissa) * 10 ** int(exponent), rel=1e-12), obj["pk"]
        assert obj["fields"]["temperature_nominal"] and obj["fields"]["temperature_k"] == 298.15, obj["pk"]


def test_a_level_is_a_whole_step_of_its_scale():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in _curated("measurement"):
        fields = obj["fields"]
        if fields["property"][0] in scales:
            assert str(int(fields["value"])) in scales[fields["property"][0]], obj["pk"]
            assert fields["reported_value"] == str(int(fields["value"])), obj["pk"]


@pytest.mark.django_db
def test_loaded_curated_values_keep_their_references(knowledge):
    from electrolytes.models import Component, Material, Measurement

    for pk, (slug, prop, value, unit, ref, method, temperature) in CURATED_VALUES.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        assert (m.material.slug, m.property.key, m.value, m.reported_unit, m.reference.key, m.method) == (
            slug, prop, value, unit, ref, method,
        )  # fmt: skip
        assert m.temperature_k == temperature
    gel = Material.objects.get(slug="pvdfhfp-ca-gel")
    assert (gel.electrolyte_class.slug, gel.family.slug, gel.physical_state, gel.kind) == (
        "quasi-solid-polymer", "plasticized-polymer", "gel", "mixture",
    )  # fmt: skip
    assert list(Component.objects.filter(material=gel).order_by("position").values_list("role", flat=True)) == [
        "polymer_host",
        "additive",
    ]
    lipon = Material.objects.get(slug="lipon-sputtered-film")
    assert (lipon.electrolyte_class.slug, lipon.family.slug, lipon.formula) == ("oxide", "lipon", "")


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

MOISTURE_LI = FIXTURES / "11_screening_moisture_li.json"
MOISTURE_LI_PKS = range(25000, 26000)
# pk: material, property, stored value, reported unit, reference, method, temperature (K).
MOISTURE_LI_VALUES = {
    25000: ("lipon-sputtered-film", "moisture_stability", 3, "level", "liu2006-lipon-humid", "exposure", None),
    25001: (
        "li9-54si1-74p1-44s11-7cl0-3",
        "moisture_stability",
        1,
        "level",
        "lu2021-gas-phase-sulfide",
        "exposure",
        None,
    ),
    25002: ("beta-li3ps4", "moisture_stability", 1, "level", "lu2021-gas-phase-sulfide", "exposure", None),
    25003: ("li7p3s11", "moisture_stability", 1, "level", "zhou2020-fes2-doped-li7p3s11", "exposure", 295.15),
    25004: ("beta-li3ps4", "moisture_stability", 2, "level", "ni2022-li3ps4-bi-o", "exposure", None),
    25010: ("lagp", "lithium_metal_stability", 1, "level", "paolella2020-lagp-li", "other", None),
    25013: ("li10snp2s12", "lithium_metal_stability", 1, "level", "lsps2018-li-interface", "not_specified", None),
    25014: ("pmca-litfsa-spe", "lithium_metal_stability", 2, "level", "nakano2016-pmca", "not_specified", None),
    25011: ("lizr2-po4-3", "lithium_metal_stability", 2, "level", "li2016-lzp", "not_specified", None),
    25012: ("peo-litfsi-srtio3-llzto", "lithium_metal_stability", 2, "level", "liang2026-plls", "galvanostatic", None),
    25020: ("beta-li3ps4", "critical_current_density", 0.7, "mA/cm2", "ni2022-li3ps4-bi-o", "galvanostatic", None),
    25021: ("li6ps5br", "critical_current_density", 0.2, "mA/cm2", "li2024-he-argyrodite", "galvanostatic", None),
}
# key: DOI, year, journal, first author (empty or None where the retrieved text did not print it).
MOISTURE_LI_REFERENCES = {
    "liu2006-lipon-humid": ("10.3866/pku.whxb20061121", 2006, "Acta Phys. -Chim. Sin.", "Liu, Wen-Yuan"),
    "lu2021-gas-phase-sulfide": ("10.1002/adma.202100921", 2021, "Advanced Materials", "Lu, Pushun"),
    "zhou2020-fes2-doped-li7p3s11": ("10.1016/j.cej.2019.123529", None, "", "Zhou, Lei"),
    "paolella2020-lagp-li": ("10.1002/aenm.202001497", 2020, "Advanced Energy Materials", "Paolella, Andrea"),
    "lsps2018-li-interface": ("10.1021/acsami.8b08860", 2018, "ACS Appl Mater Interfaces", ""),
    "ni2022-li3ps4-bi-o": ("10.1002/adfm.202205998", 2022, "Advanced Functional Materials", "Ni, Yu"),
    "li2024-he-argyrodite": ("10.1002/adfm.202312832", 2024, "Advanced Functional Materials", "Li, Wenjin"),
}
# A level's note has to say which level it is and why, in the scale's own terms.
LEVEL_IN_NOTE = re.compile(r"\bLevel ([1-5])\b")


def _moisture_li(model: str) -> list[dict]:
    return [obj for obj in _objects(MOISTURE_LI) if obj["model"] == f"electrolytes.{model}"]


def test_the_moisture_li_file_is_loaded_and_checked_like_the_other_screening_files():
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    assert MOISTURE_LI in files and MOISTURE_LI in SCREENING_FILES
    assert files.index(MOISTURE_LI) > files.index(FIXTURES / "04_materials.json")


def test_the_moisture_li_file_holds_exactly_the_listed_values():
    found = {
        obj["pk"]: (
            obj["fields"]["material"][0],
            obj["fields"]["property"][0],
            obj["fields"]["value"],
            obj["fields"]["reported_unit"],
            obj["fields"]["reference"][0],
            obj["fields"]["method"],
            obj["fields"]["temperature_k"],
        )
        for obj in _moisture_li("measurement")
    }
    assert found == MOISTURE_LI_VALUES


def test_moisture_li_keys_are_in_their_range_and_it_adds_no_material():
    mine = {(obj["model"], obj["pk"]) for obj in _objects(MOISTURE_LI) if "pk" in obj}
    assert {pk for _, pk in mine} <= set(MOISTURE_LI_PKS)
    others = {
        (obj["model"], obj["pk"])
        for path in sorted(FIXTURES.glob("*.json"))
        if path != MOISTURE_LI
        for obj in _objects(path)
        if "pk" in obj
    }
    assert not mine & others
    assert not _moisture_li("material")  # every value is attached to a material that already exists
    slugs = {
        obj["fields"]["slug"]
        for path in sorted(FIXTURES.glob("*.json"))
        for obj in _objects(path)
        if obj["model"] == "electrolytes.material"
    }
    assert {values[0] for values in MOISTURE_LI_VALUES.values()} <= slugs


def test_moisture_li_references_are_new_cited_and_carry_their_bibliography():
    refs = {obj["fields"]["key"]: obj["fields"] for obj in _moisture_li("reference")}
    assert set(refs) == set(MOISTURE_LI_REFERENCES)
    earlier = {
        obj["fields"]["key"]
        for path in [FIXTURES / "02_references.json", *SCREENING_FILES]
        if path != MOISTURE_LI
        for obj in _objects(path)
        if obj["model"] == "electrolytes.reference"
    }
    assert not set(refs) & earlier
    for key, (doi, year, journal, first_author) in MOISTURE_LI_REFERENCES.items():
        fields = refs[key]
        authors = fields["authors"] or [""]  # empty where the retrieved text printed no names
        assert (fields["doi"], fields["year"], fields["journal"], authors[0]) == (doi, year, journal, first_author)
        assert fields["title"].strip() and fields["notes"].strip(), key
    cited = {values[4] for values in MOISTURE_LI_VALUES.values()}
    assert set(refs) <= cited
    assert cited - set(refs) <= earlier  # the reused ones exist in an earlier fixture


def test_every_moisture_li_level_is_a_whole_step_named_in_its_note_with_a_url():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in _moisture_li("measurement"):
        fields = obj["fields"]
        prop = fields["property"][0]
        assert "http" in fields["notes"] or "GitHub" in fields["notes"], obj["pk"]  # where the sentence was read
        if prop not in scales:
            continue
        assert str(int(fields["value"])) in scales[prop], obj["pk"]
        assert fields["reported_value"] == str(int(fields["value"])), obj["pk"]
        levels = {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])}
        assert levels == {int(fields["value"])}, obj["pk"]


@pytest.mark.django_db
def test_loaded_moisture_li_values_keep_their_references(knowledge):
    from electrolytes.models import Measurement

    for pk, (slug, prop, value, unit, ref, method, temperature) in MOISTURE_LI_VALUES.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        assert (m.material.slug, m.property.key, m.value, m.reported_unit, m.reference.key, m.method) == (
            slug, prop, value, unit, ref, method,
        )  # fmt: skip
        assert m.temperature_k == temperature


# --- fixtures/13_screening_stability_more.json: more moisture and lithium-metal levels (issue 12, part 4) ----------

STABILITY_MORE = FIXTURES / "13_screening_stability_more.json"
STABILITY_MORE_PKS = range(26500, 27000)
# pk: material, property, stored value, reported unit, reference, method, temperature (K).
STABILITY_MORE_VALUES = {
    26500: ("li10gep2s12", "moisture_stability", 1, "level", "weng2022-lgps-air-exposure", "exposure", None),
    26502: ("li2zrcl6", "moisture_stability", 3, "level", "wang2021-li2zrcl6", "exposure", None),
    26503: ("li6ps5br", "moisture_stability", 1, "level", "jiang2023-cubr-argyrodite", "exposure", None),
    26510: (
        "li6-5la3zr1-5ta0-5o12",
        "lithium_metal_stability",
        3,
        "level",
        "fenrg2016-llzto-llzno-li",
        "galvanostatic",
        None,
    ),
    26520: ("li6ps5br", "critical_current_density", 0.5, "mA/cm2", "jiang2023-cubr-argyrodite", "galvanostatic", None),
}
# key: kind, DOI, year, journal, first author (empty or None where the retrieved text did not print it).
STABILITY_MORE_REFERENCES = {
    "weng2022-lgps-air-exposure": ("article", "10.1088/2752-5724/ac66f5", 2022, "Materials Futures", "Weng, Wei"),
    "fenrg2016-llzto-llzno-li": ("article", "10.3389/fenrg.2016.00020", 2016, "Frontiers in Energy Research", ""),
    "jiang2023-cubr-argyrodite": (
        "article",
        "10.1016/j.ensm.2023.01.018",
        2023,
        "Energy Storage Materials",
        "Jiang, Z.",
    ),
}


def _stability_more(model: str) -> list[dict]:
    return [obj for obj in _objects(STABILITY_MORE) if obj["model"] == f"electrolytes.{model}"]


def test_the_stability_more_file_is_loaded_after_the_materials_and_checked_like_the_others():
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    assert STABILITY_MORE in files and STABILITY_MORE in SCREENING_FILES
    assert files.index(STABILITY_MORE) > files.index(FIXTURES / "04_materials.json")


def test_the_stability_more_file_holds_exactly_the_listed_values():
    found = {
        obj["pk"]: (
            obj["fields"]["material"][0],
            obj["fields"]["property"][0],
            obj["fields"]["value"],
            obj["fields"]["reported_unit"],
            obj["fields"]["reference"][0],
            obj["fields"]["method"],
            obj["fields"]["temperature_k"],
        )
        for obj in _stability_more("measurement")
    }
    assert found == STABILITY_MORE_VALUES


def test_stability_more_keys_are_in_their_range_and_it_adds_no_material():
    mine = {(obj["model"], obj["pk"]) for obj in _objects(STABILITY_MORE) if "pk" in obj}
    assert {pk for _, pk in mine} <= set(STABILITY_MORE_PKS)
    others = {
        (obj["model"], obj["pk"])
        for path in sorted(FIXTURES.glob("*.json"))
        if path != STABILITY_MORE
        for obj in _objects(path)
        if "pk" in obj
    }
    assert not mine & others
    assert not _stability_more("material")
    slugs = {
        obj["fields"]["slug"]
        for path in sorted(FIXTURES.glob("*.json"))
        for obj in _objects(path)
        if obj["model"] == "electrolytes.material"
    }
    assert {values[0] for values in STABILITY_MORE_VALUES.values()} <= slugs


def test_stability_more_levels_go_to_materials_that_had_none_for_that_property():
    """The point of the file: each level fills a gap rather than repeating a material already graded."""
    earlier = {
        (obj["fields"]["material"][0], obj["fields"]["property"][0])
        for path in SCREENING_FILES
        if path != STABILITY_MORE
        for obj in _objects(path)
        if obj["model"] == "electrolytes.measurement"
    }
    for pk, (slug, prop, *_rest) in STABILITY_MORE_VALUES.items():
        if prop in {"moisture_stability", "lithium_metal_stability"}:
            assert (slug, prop) not in earlier, pk


def test_no_stability_more_value_repeats_one_already_curated_from_the_same_source():
    earlier = {
        (
            obj["fields"]["material"][0],
            obj["fields"]["property"][0],
            obj["fields"]["reference"][0],
            obj["fields"]["value"],
        )
        for path in SCREENING_FILES
        if path != STABILITY_MORE
        for obj in _objects(path)
        if obj["model"] == "electrolytes.measurement"
    }
    for pk, (slug, prop, value, _unit, ref, *_rest) in STABILITY_MORE_VALUES.items():
        assert (slug, prop, ref, value) not in earlier, pk


def test_stability_more_references_are_new_cited_and_carry_their_bibliography():
    refs = {obj["fields"]["key"]: obj["fields"] for obj in _stability_more("reference")}
    assert set(refs) == set(STABILITY_MORE_REFERENCES)
    earlier = {
        obj["fields"]["key"]
        for path in [FIXTURES / "02_references.json", *SCREENING_FILES]
        if path != STABILITY_MORE
        for obj in _objects(path)
        if obj["model"] == "electrolytes.reference"
    }
    assert not set(refs) & earlier
    for key, (kind, doi, year, journal, first_author) in STABILITY_MORE_REFERENCES.items():
        fields = refs[key]
        authors = fields["authors"] or [""]
        assert (fields["kind"], fields["doi"], fields["year"], fields["journal"], authors[0]) == (
            kind,
            doi,
            year,
            journal,
            first_author,
        )
        assert fields["title"].strip() and fields["notes"].strip(), key
        assert fields["url"].startswith("http") or "GitHub" in fields["notes"], key  # where the text was read
    cited = {values[4] for values in STABILITY_MORE_VALUES.values()}
    assert set(refs) <= cited
    assert cited - set(refs) == {"wang2021-li2zrcl6"} and cited - set(refs) <= earlier  # reused from 02


def test_every_stability_more_value_quotes_its_source_and_names_its_level():
    scales = {key: prop["scale"] for key, prop in _properties().items() if prop["is_qualitative"]}
    for obj in _stability_more("measurement"):
        fields = obj["fields"]
        assert ("http" in fields["notes"] or "GitHub" in fields["notes"]) and "'" in fields["notes"], obj["pk"]
        prop = fields["property"][0]
        if prop not in scales:
            # a number: the note quotes it as printed
            assert fields["reported_value"].rstrip("0") in fields["notes"], obj["pk"]
            continue
        assert str(int(fields["value"])) in scales[prop], obj["pk"]
        assert fields["reported_value"] == str(int(fields["value"])), obj["pk"]
        levels = {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])}
        assert levels == {int(fields["value"])}, obj["pk"]


@pytest.mark.django_db
def test_loaded_stability_more_values_keep_their_references(knowledge):
    from electrolytes.models import Measurement

    for pk, (slug, prop, value, unit, ref, method, temperature) in STABILITY_MORE_VALUES.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        assert (m.material.slug, m.property.key, m.value, m.reported_unit, m.reference.key, m.method) == (
            slug, prop, value, unit, ref, method,
        )  # fmt: skip
        assert m.temperature_k == temperature
