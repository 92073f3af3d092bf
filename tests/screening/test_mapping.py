"""The requirement -> criterion mapping, one test per entry, and the cases a value falls in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from electrolytes.screening import REQUIREMENT_CRITERIA, Requirements, requirement_cases, touched_criteria

# (requirement, case) -> {criterion: decisive}, written out by hand.
EXPECTED = {
    ("anode", "lithium-metal"): {"li-metal-compatibility": True, "dendrite-suppression": True},
    ("anode", "graphite"): {"electrochemical-window": False},
    ("anode", "silicon"): {"interfacial-contact": False, "electrochemical-window": False},
    ("anode", "lto"): {"electrochemical-window": False},
    ("cathode_voltage", "high"): {"high-voltage-cathode-compatibility": True, "electrochemical-window": False},
    ("cathode_voltage", "moderate"): {"electrochemical-window": False},
    ("operating_temperature", "unheated"): {"ionic-conductivity": True},
    ("operating_temperature", "heated"): {"ionic-conductivity": False},
    ("operating_temperature", "hot"): {"ionic-conductivity": False, "thermal-stability-safety": False},
    ("atmosphere", "ambient-air"): {"moisture-air-stability": True},
    ("atmosphere", "dry-room"): {"moisture-air-stability": False},
    ("atmosphere", "glovebox"): {},
    ("max_processing_temperature", "limited"): {"manufacturing-compatibility": False},
    ("max_thickness", "thin"): {"thin-membrane-processability": True},
    ("max_thickness", "thick"): {"thin-membrane-processability": False},
    ("existing_cell_line", "yes"): {"manufacturing-compatibility": True},
    ("existing_cell_line", "no"): {},
    ("min_conductivity", "set"): {"ionic-conductivity": False},
}


def test_every_mapping_is_expected():
    assert set(REQUIREMENT_CRITERIA) == set(EXPECTED)


@pytest.mark.parametrize("case", list(EXPECTED), ids=lambda c: f"{c[0]}={c[1]}")
def test_mapping(case):
    touches = REQUIREMENT_CRITERIA[case]
    assert {t.criterion: t.decisive for t in touches} == EXPECTED[case]
    assert all(t.why.endswith(".") and len(t.why) > 20 for t in touches)


def test_mapped_criteria_exist_in_the_curated_matrix():
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "01_taxonomy.json"
    slugs = {o["fields"]["slug"] for o in json.loads(fixture.read_text()) if o["model"] == "electrolytes.criterion"}
    mapped = {t.criterion for touches in REQUIREMENT_CRITERIA.values() for t in touches}
    assert mapped <= slugs, mapped - slugs


@pytest.mark.parametrize(
    ("requirements", "cases"),
    [
        (Requirements(), []),
        (Requirements(cathode_voltage=4.3), [("cathode_voltage", "high")]),
        (Requirements(cathode_voltage=4.0), [("cathode_voltage", "moderate")]),
        (Requirements(operating_temperature=298.15), [("operating_temperature", "unheated")]),
        (Requirements(operating_temperature=313.15), [("operating_temperature", "unheated")]),
        (Requirements(operating_temperature=318.15), [("operating_temperature", "heated")]),
        (Requirements(operating_temperature=333.15), [("operating_temperature", "hot")]),
        (Requirements(max_thickness=100), [("max_thickness", "thin")]),
        (Requirements(max_thickness=150), [("max_thickness", "thick")]),
        (Requirements(existing_cell_line=False), [("existing_cell_line", "no")]),
        (
            Requirements(
                anode="graphite", atmosphere="glovebox", max_processing_temperature=400, min_conductivity=1e-4
            ),
            [
                ("anode", "graphite"),
                ("atmosphere", "glovebox"),
                ("max_processing_temperature", "limited"),
                ("min_conductivity", "set"),
            ],
        ),
    ],
)
def test_requirement_cases(requirements, cases):
    assert requirement_cases(requirements) == cases


def test_a_criterion_touched_twice_is_listed_once_with_both_reasons_and_decisive_if_either_is():
    touched = touched_criteria(Requirements(anode="graphite", cathode_voltage=4.3))
    assert [t.criterion for t in touched] == ["electrochemical-window", "high-voltage-cathode-compatibility"]
    window = touched[0]
    assert window.why == [
        REQUIREMENT_CRITERIA[("anode", "graphite")][0].why,
        REQUIREMENT_CRITERIA[("cathode_voltage", "high")][1].why,
    ]
    assert window.decisive is False
    assert touched[1].decisive is True
