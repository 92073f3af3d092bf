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
