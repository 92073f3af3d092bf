"""fixtures/10_screening_ea_window.json: activation energies and electrochemical windows added for screening
(issue 12, item 4).

The general sourcing rules (reference, unit, note, computed windows marked) run on this file through
tests/test_screening_fixtures.py, which reads every fixtures/*screening*.json; these tests pin what this file holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EA_WINDOW = FIXTURES / "10_screening_ea_window.json"
PKS = range(24000, 25000)
NEW_SLUGS = {
    "li6-5la3zr1-5ta0-1nb0-4o12",
    "li6-75la3zr1-75nb0-25o12",
    "pan-pmma-pyr14tfsi-gel",
    "pegma-etpta-pvdfhfp-sipn-gel",
    "pvdfhfp-la2o3-cpe",
}
# pk: material, property, stored value, reported unit, reference, method, temperature (K).
VALUES = {
    24010: (
        "pegma-etpta-pvdfhfp-sipn-gel",
        "ionic_conductivity",
        0.00146,
        "S/cm",
        "sipn-pegma-etpta-pvdfhfp-gel",
        "not_specified",
        298.15,
    ),
    24011: (
        "pegma-etpta-pvdfhfp-sipn-gel",
        "oxidation_limit",
        4.7,
        "V",
        "sipn-pegma-etpta-pvdfhfp-gel",
        "not_specified",
        None,
    ),
    24012: ("lagp", "oxidation_limit", 4.27, "V", "zhu2015-windows", "computed", None),
    24013: ("lagp", "reduction_limit", 2.7, "V", "zhu2015-windows", "computed", None),
    24014: ("li6-75la3zr1-75nb0-25o12", "ionic_conductivity", 0.0008, "mS/cm", "ohta2011-nb-llzo", "eis", 298.15),
    24015: (
        "li6-75la3zr1-75nb0-25o12",
        "activation_energy",
        0.31092808969853186,
        "kJ/mol",
        "ohta2011-nb-llzo",
        "eis",
        None,
    ),
    24016: (
        "li6-5la3zr1-5ta0-1nb0-4o12",
        "ionic_conductivity",
        0.00104,
        "S/cm",
        "tn-llzo-codoping-pressureless",
        "not_specified",
        295.15,
    ),
    24017: (
        "li6-5la3zr1-5ta0-1nb0-4o12",
        "activation_energy",
        0.41,
        "eV",
        "tn-llzo-codoping-pressureless",
        "not_specified",
        None,
    ),
    24018: ("lizr2-po4-3", "activation_energy", 0.41, "eV", "hanghofer2019-lzp-dynamics", "eis", None),
    24019: (
        "li7p3s11",
        "activation_energy",
        0.12437123587941276,
        "kJ/mol",
        "li2s-p2s5-glass-ceramics-high-conducting",
        "not_specified",
        None,
    ),
    24020: (
        "pvdfhfp-la2o3-cpe",
        "ionic_conductivity",
        0.0033,
        "mS/cm",
        "xiao2012-pvdfhfp-la2o3",
        "not_specified",
        298.15,
    ),
    24021: ("pvdfhfp-la2o3-cpe", "oxidation_limit", 4.5, "V", "xiao2012-pvdfhfp-la2o3", "not_specified", None),
    24022: (
        "pan-pmma-pyr14tfsi-gel",
        "ionic_conductivity",
        0.0036,
        "S/cm",
        "jms2012-pan-pmma-pyr14tfsi-gel",
        "not_specified",
        298.15,
    ),
    24023: (
        "pan-pmma-pyr14tfsi-gel",
        "oxidation_limit",
        5.0,
        "V",
        "jms2012-pan-pmma-pyr14tfsi-gel",
        "not_specified",
        None,
    ),
}
# key: DOI, year, journal, first author ("" / None where the text read did not show it).
REFERENCES = {
    "sipn-pegma-etpta-pvdfhfp-gel": ("", None, "", None),
    "ohta2011-nb-llzo": ("", 2011, "Journal of Power Sources", "Ohta, S."),
    "tn-llzo-codoping-pressureless": ("", None, "", None),
    "hanghofer2019-lzp-dynamics": ("", 2019, "", "Hanghofer, Isabel"),
    "li2s-p2s5-glass-ceramics-high-conducting": ("", None, "", None),
    "xiao2012-pvdfhfp-la2o3": ("10.1007/s11771-012-1417-3", 2012, "Journal of Central South University", "Xiao, Wei"),
    "jms2012-pan-pmma-pyr14tfsi-gel": ("", 2012, "Journal of Membrane Science", None),
}
WINDOW = {"oxidation_limit", "reduction_limit"}


def _objects(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _mine(model: str) -> list[dict]:
    return [obj for obj in _objects(EA_WINDOW) if obj["model"] == f"electrolytes.{model}"]


def _elsewhere(model: str) -> list[dict]:
    return [
        obj
        for path in sorted(FIXTURES.glob("*.json"))
        if path != EA_WINDOW
        for obj in _objects(path)
        if obj["model"] == f"electrolytes.{model}"
    ]


def test_bootstrap_loads_the_file_after_the_first_curated_file():
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    assert files.index(EA_WINDOW) > files.index(FIXTURES / "09_screening_curated.json")


def test_the_file_holds_exactly_the_listed_values():
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
        for obj in _mine("measurement")
    }
    assert found == VALUES


def test_keys_are_in_range_and_free_in_every_other_fixture():
    mine = {(obj["model"], obj["pk"]) for obj in _objects(EA_WINDOW) if "pk" in obj}
    assert {pk for _, pk in mine} <= set(PKS)
    others = {
        (obj["model"], obj["pk"])
        for path in sorted(FIXTURES.glob("*.json"))
        if path != EA_WINDOW
        for obj in _objects(path)
        if "pk" in obj
    }
    assert not mine & others
    slugs = {obj["fields"]["slug"] for obj in _mine("material")}
    assert slugs == NEW_SLUGS
    assert not slugs & {obj["fields"]["slug"] for obj in _elsewhere("material")}


def test_values_attach_to_known_materials_and_activation_energy_has_no_temperature():
    known = {obj["fields"]["slug"] for obj in _elsewhere("material")} | NEW_SLUGS
    for obj in _mine("measurement"):
        fields = obj["fields"]
        assert fields["material"][0] in known, obj["pk"]
        if fields["property"][0] == "activation_energy":
            assert fields["temperature_k"] is None, obj["pk"]


def test_every_note_quotes_its_source_and_says_where_it_was_read():
    refs = {obj["fields"]["key"]: obj["fields"] for obj in _mine("reference") + _elsewhere("reference")}
    for obj in _mine("measurement"):
        notes = obj["fields"]["notes"]
        assert "'" in notes, f"{obj['pk']}: no quoted sentence"
        where = re.search(r"https?://\S+|GitHub|file id \d+", notes) or refs[obj["fields"]["reference"][0]]["url"]
        assert where, f"{obj['pk']}: the note does not say where the value was read"


def test_computed_windows_cite_the_first_principles_table():
    for obj in _mine("measurement"):
        fields = obj["fields"]
        if fields["property"][0] in WINDOW and fields["method"] == "computed":
            assert fields["reference"] == ["zhu2015-windows"], obj["pk"]
            assert "first-principles" in fields["notes"], obj["pk"]


def test_new_references_are_new_and_carry_what_the_text_showed():
    refs = {obj["fields"]["key"]: obj["fields"] for obj in _mine("reference")}
    assert set(refs) == set(REFERENCES)
    assert not set(refs) & {obj["fields"]["key"] for obj in _elsewhere("reference")}
    for key, (doi, year, journal, first_author) in REFERENCES.items():
        fields = refs[key]
        assert (fields["doi"], fields["year"], fields["journal"]) == (doi, year, journal), key
        assert (fields["authors"][0] if fields["authors"] else None) == first_author, key
        assert fields["title"].strip(), key
        missing = [name for name in ("doi", "journal", "authors", "year") if not fields[name]]
        if missing:
            assert "left empty" in fields["notes"], f"{key}: {missing} empty without saying so"
    cited = {values[4] for values in VALUES.values()}
    assert set(refs) <= cited


def test_a_value_written_with_a_power_of_ten_is_stored_as_that_number():
    power = re.compile(r"(\d+(?:\.\d+)?) × 10\^(-?\d+)")
    for obj in _mine("measurement"):
        match = power.fullmatch(obj["fields"]["reported_value"])
        if match:
            mantissa, exponent = match.groups()
            assert obj["fields"]["value"] == pytest.approx(float(mantissa) * 10 ** int(exponent), rel=1e-12)


@pytest.mark.django_db
def test_loaded_values_keep_their_references(knowledge):
    from electrolytes.models import Component, Material, Measurement

    for pk, (slug, prop, value, unit, ref, method, temperature) in VALUES.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        assert (m.material.slug, m.property.key, m.value, m.reported_unit, m.reference.key, m.method) == (
            slug, prop, value, unit, ref, method,
        )  # fmt: skip
        assert m.temperature_k == temperature
    gel = Material.objects.get(slug="pegma-etpta-pvdfhfp-sipn-gel")
    assert (gel.electrolyte_class.slug, gel.family.slug, gel.physical_state, gel.kind) == (
        "quasi-solid-polymer", "plasticized-polymer", "gel", "mixture",
    )  # fmt: skip
    for slug in ("li6-75la3zr1-75nb0-25o12", "li6-5la3zr1-5ta0-1nb0-4o12"):
        garnet = Material.objects.get(slug=slug)
        assert (garnet.electrolyte_class.slug, garnet.family.slug, garnet.kind) == ("oxide", "garnet", "compound")
        assert garnet.measurements.filter(property__key="ionic_conductivity", temperature_k__isnull=False).exists()
    assert list(Component.objects.filter(material=gel).order_by("position").values_list("role", flat=True)) == [
        "monomer",
        "cross_linker",
        "polymer_host",
        "plasticizer",
    ]


@pytest.mark.django_db
def test_a_computed_window_does_not_displace_a_measured_one(knowledge):
    """LAGP now has both the PITT window and the first-principles one: the headline stays the measured value."""
    from electrolytes.models import PropertyHeadline

    ox = PropertyHeadline.objects.get(material__slug="lagp", property__key="oxidation_limit")
    red = PropertyHeadline.objects.get(material__slug="lagp", property__key="reduction_limit")
    assert (ox.value, red.value) == (4.9, 1.85)
