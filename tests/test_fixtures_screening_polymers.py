"""The polymer-family screening values (fixtures/07_screening_polymers.json) keep their sources and units."""

import json
import re
from pathlib import Path

import pytest

from electrolytes.models import Measurement, PropertyDefinition

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "07_screening_polymers.json"
PK_RANGE = range(21000, 22000)
# A VTF fit gives a pseudo-activation energy (its own property), never an Arrhenius activation energy.
VTF_WORDS = re.compile(r"\bvtf\b|vogel|tammann|fulcher|pseudo-activation", re.IGNORECASE)


def _objects(model: str, objects: list[dict] | None = None) -> list[dict]:
    objects = objects if objects is not None else json.loads(FIXTURE.read_text())
    return [o for o in objects if o["model"] == f"electrolytes.{model}"]


def vtf_activation_energies(objects: list[dict]) -> list[int]:
    """Primary keys of activation-energy records that come from, or mention, a VTF fit."""
    return [
        o["pk"]
        for o in _objects("measurement", objects)
        if o["fields"]["property"] == ["activation_energy"]
        and (
            o["fields"].get("derived_from_fit") is not None
            or o["fields"].get("method") == Measurement.Method.FIT
            or VTF_WORDS.search(o["fields"].get("notes", ""))
        )
    ]


def test_every_measurement_has_a_reference_a_unit_and_a_pk_in_range():
    measurements = _objects("measurement")
    assert measurements
    for o in measurements:
        fields = o["fields"]
        assert o["pk"] in PK_RANGE, o["pk"]
        assert fields["reference"] and fields["reference"][0], o["pk"]
        assert fields["reported_unit"].strip(), o["pk"]
        assert fields["reported_value"].strip(), o["pk"]
        assert fields["notes"].strip(), o["pk"]  # the sentence of the paper that supports the value


def test_no_activation_energy_comes_from_a_vtf_fit():
    assert vtf_activation_energies(json.loads(FIXTURE.read_text())) == []


def test_the_vtf_guard_catches_a_pseudo_activation_energy():
    offending = {
        "model": "electrolytes.measurement",
        "pk": 21999,
        "fields": {"property": ["activation_energy"], "method": "eis", "notes": "B from the VTF plot."},
    }
    arrhenius = {
        "model": "electrolytes.measurement",
        "pk": 21998,
        "fields": {"property": ["activation_energy"], "method": "eis", "notes": "Arrhenius plot, 30-100 °C."},
    }
    assert vtf_activation_energies([offending, arrhenius]) == [21999]


def test_every_new_reference_is_cited_and_its_key_is_new():
    objects = json.loads(FIXTURE.read_text())
    keys = [o["fields"]["key"] for o in _objects("reference", objects)]
    assert len(keys) == len(set(keys))
    existing = {
        o["fields"]["key"]
        for o in json.loads((FIXTURE.parent / "02_references.json").read_text())
        if o["model"] == "electrolytes.reference"
    }
    assert not set(keys) & existing
    cited = {o["fields"]["reference"][0] for o in _objects("measurement", objects)}
    assert set(keys) <= cited


def reported_number(text: str) -> float:
    """The number in a reported value as the fixture writes it: '2', 'ca. 3.1', '>5.3', '0.19 × 10^-3', '10^-5'."""
    power = re.search(r"10\^(-?\d+)", text)
    mantissa = re.search(r"\d+(?:\.\d+)?", text.split("×")[0] if power else text)
    if power:
        return (float(mantissa.group()) if "×" in text else 1.0) * 10 ** int(power.group(1))
    return float(mantissa.group())


@pytest.mark.parametrize(
    "text, number",
    [("2", 2), ("ca. 3.1", 3.1), (">5.3", 5.3), ("0.19 × 10^-3", 1.9e-4), ("on the order of 10^-5", 1e-5)],
)
def test_reported_number(text, number):
    assert reported_number(text) == pytest.approx(number)


@pytest.mark.django_db
def test_reported_values_convert_to_the_stored_values(properties):
    """The stored value is the reported one in the canonical unit (a bound such as '>5.3' keeps its number)."""
    definitions = {p.key: p for p in PropertyDefinition.objects.all()}
    for o in _objects("measurement"):
        fields = o["fields"]
        definition = definitions[fields["property"][0]]
        converted = definition.convert(reported_number(fields["reported_value"]), fields["reported_unit"])
        assert converted == pytest.approx(fields["value"]), o["pk"]
        if definition.requires_temperature:
            assert fields["temperature_k"], o["pk"]
