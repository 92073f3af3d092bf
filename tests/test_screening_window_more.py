"""fixtures/12_screening_window_more.json: more oxidation limits for screening (issue 12, item 4).

Four polymer formulations (PVDF-HFP and PVDF based) that no earlier fixture held, each with the window and the
conductivity quoted from the abstract read. The general sourcing rules run on this file through
tests/test_screening_fixtures.py (it matches fixtures/*screening*.json); these tests pin what the file holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WINDOW_MORE = FIXTURES / "12_screening_window_more.json"
PKS = range(26000, 26500)
NEW_SLUGS = {
    "pvdfhfp-pmma-vbimtfsi-litfsi-spe",
    "pvdfhfp-bmimscn-40-spe",
    "pvdfhfp-ylatp7-cpe",
    "pvdf-pvca-llzto-spe",
}
# pk: material, property, stored value, reported unit, reference, qualifier, temperature (K).
VALUES = {
    26010: (
        "pvdfhfp-pmma-vbimtfsi-litfsi-spe",
        "ionic_conductivity",
        0.000111,
        "S/cm",
        "polymers2022-pvdfhfp-pil-spe",
        "=",
        303.15,
    ),
    26011: ("pvdfhfp-pmma-vbimtfsi-litfsi-spe", "oxidation_limit", 4.7, "V", "polymers2022-pvdfhfp-pil-spe", "=", None),
    26012: (
        "pvdfhfp-bmimscn-40-spe",
        "ionic_conductivity",
        0.00015,
        "mS/cm",
        "serra-il-fluoropolymer-spe",
        "=",
        298.15,
    ),
    26013: ("pvdfhfp-bmimscn-40-spe", "oxidation_limit", 5.0, "V", "serra-il-fluoropolymer-spe", "=", None),
    26014: ("pvdfhfp-ylatp7-cpe", "ionic_conductivity", 0.000628, "S/cm", "figshare-pvdfhfp-ylatp-cpe", "=", 298.15),
    26015: ("pvdfhfp-ylatp7-cpe", "oxidation_limit", 5.0, "V", "figshare-pvdfhfp-ylatp-cpe", ">", None),
    26016: (
        "pvdf-pvca-llzto-spe",
        "ionic_conductivity",
        0.000425,
        "S/cm",
        "batteries2023-llzto-pvdf-pfpc",
        "=",
        303.15,
    ),
    26017: ("pvdf-pvca-llzto-spe", "oxidation_limit", 4.6, "V", "batteries2023-llzto-pvdf-pfpc", ">", None),
}
# key: DOI, year, journal, first author ("" / None where the text read did not show it).
REFERENCES = {
    "polymers2022-pvdfhfp-pil-spe": ("10.3390/polym14101950", 2022, "Polymers (Basel)", None),
    "serra-il-fluoropolymer-spe": ("", None, "", "Serra, J.P."),
    "figshare-pvdfhfp-ylatp-cpe": ("", None, "", None),
    "batteries2023-llzto-pvdf-pfpc": ("10.3390/batteries9050257", 2023, "Batteries", None),
}
# slug: class, family, component roles in order.
MATERIALS = {
    "pvdfhfp-pmma-vbimtfsi-litfsi-spe": (
        "solid-polymer",
        "pvdf-based",
        ["polymer_host", "polymer_host", "lithium_salt"],
    ),
    "pvdfhfp-bmimscn-40-spe": ("solid-polymer", "pvdf-based", ["polymer_host", "plasticizer"]),
    "pvdfhfp-ylatp7-cpe": ("composite-polymer", "polymer-ceramic-composite", ["polymer_host", "ceramic_filler"]),
    "pvdf-pvca-llzto-spe": (
        "composite-polymer",
        "polymer-ceramic-composite",
        ["polymer_host", "polymer_host", "ceramic_filler"],
    ),
}


def _objects(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _mine(model: str) -> list[dict]:
    return [obj for obj in _objects(WINDOW_MORE) if obj["model"] == f"electrolytes.{model}"]


def _elsewhere(model: str) -> list[dict]:
    return [
        obj
        for path in sorted(FIXTURES.glob("*.json"))
        if path != WINDOW_MORE
        for obj in _objects(path)
        if obj["model"] == f"electrolytes.{model}"
    ]


def test_bootstrap_loads_the_file_after_the_files_it_builds_on():
    from electrolytes.management.commands.bootstrap import fixture_files

    files = fixture_files()
    assert files.index(WINDOW_MORE) > files.index(FIXTURES / "11_screening_moisture_li.json")
    assert files.index(WINDOW_MORE) > files.index(FIXTURES / "01_taxonomy.json")


def test_the_file_holds_exactly_the_listed_values():
    found = {
        obj["pk"]: (
            obj["fields"]["material"][0],
            obj["fields"]["property"][0],
            obj["fields"]["value"],
            obj["fields"]["reported_unit"],
            obj["fields"]["reference"][0],
            obj["fields"]["qualifier"],
            obj["fields"]["temperature_k"],
        )
        for obj in _mine("measurement")
    }
    assert found == VALUES


def test_keys_are_in_range_and_free_in_every_other_fixture():
    mine = {(obj["model"], obj["pk"]) for obj in _objects(WINDOW_MORE) if "pk" in obj}
    assert {pk for _, pk in mine} <= set(PKS)
    others = {
        (obj["model"], obj["pk"])
        for path in sorted(FIXTURES.glob("*.json"))
        if path != WINDOW_MORE
        for obj in _objects(path)
        if "pk" in obj
    }
    assert not mine & others
    slugs = {obj["fields"]["slug"] for obj in _mine("material")}
    assert slugs == NEW_SLUGS
    assert not slugs & {obj["fields"]["slug"] for obj in _elsewhere("material")}


def test_each_new_material_gains_an_oxidation_limit_no_earlier_file_gave_it():
    earlier = {
        obj["fields"]["material"][0]
        for obj in _elsewhere("measurement")
        if obj["fields"]["property"] == ["oxidation_limit"]
    }
    mine = {
        obj["fields"]["material"][0] for obj in _mine("measurement") if obj["fields"]["property"] == ["oxidation_limit"]
    }
    assert mine == NEW_SLUGS and not mine & earlier


def test_a_lower_bound_is_written_as_one_and_an_equal_value_as_a_plain_number():
    for obj in _mine("measurement"):
        fields = obj["fields"]
        reported = fields["reported_value"]
        if fields["qualifier"] == ">":
            assert reported.startswith(">"), obj["pk"]
            assert float(reported[1:]) == fields["value"], obj["pk"]
            assert "lower bound" in fields["notes"], obj["pk"]
        else:
            assert not reported.startswith((">", "<")), obj["pk"]


def test_every_note_quotes_its_source_and_says_where_it_was_read():
    for obj in _mine("measurement"):
        notes = obj["fields"]["notes"]
        assert "'" in notes, f"{obj['pk']}: no quoted sentence"
        assert re.search(r"Read at https?://\S+", notes), f"{obj['pk']}: the note does not say where it was read"
    for obj in _mine("reference"):
        assert obj["fields"]["url"].startswith("https://"), obj["fields"]["key"]
        assert obj["fields"]["url"] in obj["fields"]["notes"], obj["fields"]["key"]


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
    assert {values[4] for values in VALUES.values()} == set(refs)


def test_a_value_written_with_a_power_of_ten_is_stored_as_that_number():
    power = re.compile(r"(\d+(?:\.\d+)?) × 10\^(-?\d+)")
    matched = 0
    for obj in _mine("measurement"):
        match = power.fullmatch(obj["fields"]["reported_value"])
        if match:
            matched += 1
            mantissa, exponent = match.groups()
            assert obj["fields"]["value"] == pytest.approx(float(mantissa) * 10 ** int(exponent), rel=1e-12)
    assert matched == 3


@pytest.mark.django_db
def test_loaded_values_keep_their_references_and_materials_their_components(knowledge):
    from electrolytes.models import Component, Material, Measurement

    for pk, (slug, prop, value, unit, ref, qualifier, temperature) in VALUES.items():
        m = Measurement.objects.select_related("material", "property", "reference").get(pk=pk)
        assert (m.material.slug, m.property.key, m.value, m.reported_unit, m.reference.key, m.qualifier) == (
            slug, prop, value, unit, ref, qualifier,
        )  # fmt: skip
        assert m.temperature_k == temperature
    for slug, (cls, family, roles) in MATERIALS.items():
        material = Material.objects.get(slug=slug)
        assert (material.electrolyte_class.slug, material.family.slug, material.kind) == (cls, family, "mixture")
        assert (
            list(Component.objects.filter(material=material).order_by("position").values_list("role", flat=True))
            == roles
        )


@pytest.mark.django_db
def test_a_lower_bound_does_not_become_the_headline_but_an_equal_value_does(knowledge):
    from electrolytes.models import PropertyHeadline

    headlines = {
        h.material.slug: h.value
        for h in PropertyHeadline.objects.filter(property__key="oxidation_limit", material__slug__in=NEW_SLUGS)
    }
    assert headlines.get("pvdfhfp-pmma-vbimtfsi-litfsi-spe") == 4.7
    assert headlines.get("pvdfhfp-bmimscn-40-spe") == 5.0
    assert "pvdfhfp-ylatp7-cpe" not in headlines
    assert "pvdf-pvca-llzto-spe" not in headlines
