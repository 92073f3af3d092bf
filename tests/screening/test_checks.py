"""Material checks on plain values: pass, fail, and unknown (never a pass) without data."""

from __future__ import annotations

import pytest

from electrolytes import screening
from electrolytes.screening import FAIL, PASS, UNKNOWN, FitInput, MaterialData, Requirements, Value

EVERY_CHECK = Requirements(
    anode="lithium-metal",
    cathode_voltage=4.3,
    operating_temperature=298.15,
    atmosphere="ambient-air",
    max_processing_temperature=400,
    max_thickness=50,
    min_conductivity=1e-4,
)


def test_a_material_without_data_passes_nothing():
    result = screening.check_material(EVERY_CHECK, MaterialData())
    assert [c.key for c in result.checks] == [
        "conductivity", "oxidation", "reduction", "lithium_metal", "moisture", "processing_temperature", "thickness",
    ]  # fmt: skip
    assert {c.status for c in result.checks} == {UNKNOWN}
    assert (result.passed, result.failed, result.unknown) == (0, 0, 7)
    assert all(c.value is None and c.source == "" for c in result.checks)


def test_unknown_ranks_below_a_pass_and_level_with_a_fail():
    known = screening.check_material(Requirements(cathode_voltage=4.3), MaterialData(oxidation=Value(4.5, "p")))
    failed = screening.check_material(Requirements(cathode_voltage=4.3), MaterialData(oxidation=Value(4.0, "p")))
    unknown = screening.check_material(Requirements(cathode_voltage=4.3), MaterialData())
    assert known.passed == 1 and failed.passed == 0 and unknown.passed == 0
    assert sorted([screening.rank_key(unknown, "u"), screening.rank_key(known, "k")])[0] == screening.rank_key(
        known, "k"
    )


@pytest.mark.parametrize(
    ("check", "status"),
    [
        (screening.check_oxidation(Value(4.3, "p"), 4.3), PASS),
        (screening.check_oxidation(Value(4.29, "p"), 4.3), FAIL),
        (screening.check_reduction(Value(0.0, "p"), "lithium-metal"), PASS),
        (screening.check_reduction(Value(0.1, "p"), "lithium-metal"), FAIL),
        (screening.check_reduction(Value(0.03, "p"), "graphite"), PASS),
        (screening.check_reduction(Value(0.1, "p"), "graphite"), FAIL),
        (screening.check_reduction(Value(0.3, "p"), "silicon"), FAIL),  # silicon reaches 0.2 V
        (screening.check_reduction(Value(1.5, "p"), "lto"), PASS),
        (screening.check_moisture([Value(4, "p")], "ambient-air"), PASS),
        (screening.check_moisture([Value(3, "p")], "ambient-air"), FAIL),
        (screening.check_moisture([Value(3, "p")], "dry-room"), PASS),
        (screening.check_moisture([Value(5, "a"), Value(2, "b")], "dry-room"), FAIL),  # the lowest counts
        (screening.check_lithium_metal([Value(2, "p")]), PASS),
        (screening.check_lithium_metal([Value(1, "p")]), FAIL),
        (screening.check_processing_temperature([Value(1500, "a"), Value(350, "b")], 400), PASS),
        (screening.check_processing_temperature([Value(1500, "a")], 400), FAIL),
        (screening.check_thickness([Value(60, "a")], 50), FAIL),
        (screening.check_thickness([Value(60, "a"), Value(20, "b")], 50), PASS),
        (screening.check_conductivity(Value(1e-4, "p"), 1e-4), PASS),
        (screening.check_conductivity(None, 1e-4), UNKNOWN),
        (screening.check_moisture([], "dry-room"), UNKNOWN),
        (screening.check_processing_temperature([], 400), UNKNOWN),
    ],
)
def test_check_rules(check, status):
    assert check.status == status


def test_a_check_says_its_value_source_and_rule():
    check = screening.check_moisture([Value(5, "Paper A"), Value(2, "Paper B")], "dry-room")
    assert check.as_api() == {
        "status": FAIL,
        "qualifier": "=",
        "value": 2,
        "unit": "level",
        "temperature": None,
        "source": "Paper B",
        "rule": "moisture-stability level ≥ 3 for dry room (lowest reported level counts)",
        "note": "",
    }


def test_glovebox_asks_for_no_moisture_check():
    assert screening.check_material(Requirements(atmosphere="glovebox"), MaterialData()).checks == []


FIT = FitInput(sigma=3e-4, t_min_k=290, t_max_k=370, good=True, label="Arrhenius", source="Paper F")


def test_conductivity_at_room_temperature_is_the_headline():
    found = screening.conductivity_at(298.15, headline=Value(1e-3, "H", 298.15), fit=FIT, nearest=Value(2e-3, "N", 300))
    assert (found.value, found.source, found.note) == (1e-3, "H", "Room-temperature headline value.")


def test_conductivity_inside_the_fitted_range_is_the_fit():
    found = screening.conductivity_at(333.15, headline=None, fit=FIT, nearest=Value(2e-3, "N", 353))
    assert (found.value, found.temperature_k, found.source) == (3e-4, 333.15, "Paper F")
    assert found.note == "From the preferred Arrhenius fit (fitted over 290-370 K)."


@pytest.mark.parametrize(
    "fit",
    [
        FitInput(sigma=3e-4, t_min_k=250, t_max_k=320, good=True, label="Arrhenius", source="F"),  # outside range
        FitInput(sigma=3e-4, t_min_k=290, t_max_k=370, good=False, label="Arrhenius", source="F"),  # poor fit
        None,
    ],
)
def test_conductivity_otherwise_is_the_nearest_measurement(fit):
    found = screening.conductivity_at(333.15, headline=Value(1e-3, "H"), fit=fit, nearest=Value(2e-3, "N", 353))
    assert (found.value, found.temperature_k, found.note) == (2e-3, 353, "Nearest measurement, at 353 K.")


def test_no_conductivity_data_is_none():
    assert screening.conductivity_at(333.15, headline=None, fit=None, nearest=None) is None
    assert screening.conductivity_at(None, headline=None, fit=FIT, nearest=Value(1, "N", 298)) is None
