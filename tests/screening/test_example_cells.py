"""The example cells of issue 12 on the hand-built data of conftest.py: exact classes, reasons and checks."""

from __future__ import annotations

import pytest

from electrolytes.fitting import fit_sigma
from electrolytes.models import ConductivityFit
from electrolytes.screening import REQUIREMENT_CRITERIA

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/"


def why(requirement: str, case: str, criterion: str) -> str:
    return next(t.why for t in REQUIREMENT_CRITERIA[(requirement, case)] if t.criterion == criterion)


def statuses(material: dict) -> dict[str, str]:
    return {check["key"]: check["status"] for check in material["checks"]}


def test_lithium_metal_and_nmc_at_room_temperature_in_a_dry_room(cell, anonymous_client):
    """(a) Li-metal anode, 4.3 V NMC cathode, 25 °C, processed in a dry room."""
    body = anonymous_client.get(
        URL,
        {"anode": "lithium-metal", "cathode_voltage": 4.3, "operating_temperature": 298.15, "atmosphere": "dry-room"},
    ).json()
    assert body["requirements"]["anode"] == {"value": "lithium-metal", "potential": 0.0, "unit": "V"}
    assert body["requirements"]["cathode_voltage"] == {"value": 4.3, "unit": "V"}
    assert body["requirements"]["operating_temperature"] == {"value": 298.15, "unit": "K"}
    assert body["requirements"]["atmosphere"] == {"value": "dry-room"}
    classes = {c["slug"]: c for c in body["classes"]}
    assert [c["slug"] for c in body["classes"]] == ["oxide", "halide", "sulfide", "solid-polymer"]
    assert [c["slug"] for c in body["classes"] if c["ruled_out"]] == ["halide", "sulfide", "solid-polymer"]
    assert classes["oxide"]["reasons"] == []
    assert classes["oxide"]["score"] == 1 - 1 + 1 + 2 + 1 + 1
    assert classes["halide"]["reasons"] == [
        "Halide is rated -2 on Li-metal compatibility, which this cell makes decisive: "
        + why("anode", "lithium-metal", "li-metal-compatibility")
    ]
    assert classes["sulfide"]["reasons"] == [
        "Sulfide is rated -2 on High-voltage cathode compatibility, which this cell makes decisive: "
        + why("cathode_voltage", "high", "high-voltage-cathode-compatibility")
    ]
    assert classes["solid-polymer"]["reasons"] == [
        "Solid Polymer is rated -2 on Dendrite suppression, which this cell makes decisive: "
        + why("anode", "lithium-metal", "dendrite-suppression"),
        "Solid Polymer is rated -2 on Ionic conductivity, which this cell makes decisive: "
        + why("operating_temperature", "unheated", "ionic-conductivity"),
    ]
    oxide_rows = {row["criterion"]: row for row in classes["oxide"]["criteria"]}
    assert list(oxide_rows) == [
        "li-metal-compatibility", "dendrite-suppression", "high-voltage-cathode-compatibility",
        "electrochemical-window", "ionic-conductivity", "moisture-air-stability",
    ]  # fmt: skip
    assert (
        oxide_rows["li-metal-compatibility"]
        == {
            "criterion": "li-metal-compatibility",
            "name": "Li-metal compatibility",
            "rating": 1,
            "decisive": True,
            "why": [why("anode", "lithium-metal", "li-metal-compatibility")],
            "explanation": "oxide on li-metal-compatibility.",
            "references": [{"key": "garnet-li", "label": "Garnet against lithium (2020)"}],
        }
        or oxide_rows["li-metal-compatibility"]["references"][0]["key"] == "garnet-li"
    )
    assert oxide_rows["moisture-air-stability"]["decisive"] is False

    materials = body["materials"]
    assert [m["slug"] for m in materials] == ["llzo", "lpscl", "lic", "peo"]  # never the draft
    assert [statuses(m) for m in materials] == [
        {"oxidation": "pass", "reduction": "pass", "lithium_metal": "pass", "moisture": "pass"},
        {"oxidation": "fail", "reduction": "fail", "lithium_metal": "pass", "moisture": "fail"},
        {"oxidation": "pass", "reduction": "unknown", "lithium_metal": "fail", "moisture": "unknown"},
        {"oxidation": "unknown", "reduction": "unknown", "lithium_metal": "unknown", "moisture": "unknown"},
    ]
    assert [(m["passed"], m["failed"], m["unknown"]) for m in materials] == [(4, 0, 0), (1, 3, 0), (1, 1, 2), (0, 0, 4)]
    assert [m["class_ruled_out"] for m in materials] == [False, True, True, True]
    llzo = {c["key"]: c for c in materials[0]["checks"]}
    # The flagged level-1 report of Paper B is never used: the unflagged level 4 decides.
    assert llzo["moisture"] == {
        "key": "moisture", "label": "Moisture stability", "status": "pass", "qualifier": "=", "value": 4.0,
        "unit": "level", "temperature": None, "source": "Paper A (2020)",
        "rule": "moisture-stability level ≥ 3 for dry room (lowest reported level counts)", "note": "",
    }  # fmt: skip
    assert llzo["oxidation"]["value"] == 6.0
    assert llzo["oxidation"]["source"] == "Paper A (2020)"
    assert llzo["oxidation"]["rule"] == "oxidation limit ≥ cathode voltage 4.3 V vs Li/Li+"
    assert llzo["reduction"]["rule"] == "reduction limit ≤ Lithium metal potential 0 V vs Li/Li+"
    assert materials[0]["conductivity"]["value"] == 5e-4
    assert materials[0]["conductivity"]["note"] == "Room-temperature headline value."


def test_graphite_and_lfp_at_60_c(cell, anonymous_client):
    """(b) Graphite anode, LFP cathode (3.45 V), 60 °C: nothing decisive, so no class is ruled out."""
    body = anonymous_client.get(
        URL, {"anode": "graphite", "cathode_voltage": 3.45, "operating_temperature": 333.15}
    ).json()
    assert [(c["slug"], c["ruled_out"], c["score"]) for c in body["classes"]] == [
        ("oxide", False, 2 + 1 + 2),
        ("halide", False, 1 + 1 + 1),
        ("sulfide", False, -2 + 2 + 1),
        ("solid-polymer", False, -1 - 2 + 0),
    ]
    oxide = body["classes"][0]
    assert [(row["criterion"], row["decisive"]) for row in oxide["criteria"]] == [
        ("electrochemical-window", False),
        ("ionic-conductivity", False),
        ("thermal-stability-safety", False),
    ]
    assert oxide["criteria"][0]["why"] == [
        why("anode", "graphite", "electrochemical-window"),
        why("cathode_voltage", "moderate", "electrochemical-window"),
    ]
    materials = body["materials"]
    assert [m["slug"] for m in materials] == ["llzo", "lic", "lpscl", "peo"]
    assert [statuses(m) for m in materials] == [
        {"oxidation": "pass", "reduction": "pass"},
        {"oxidation": "pass", "reduction": "unknown"},
        {"oxidation": "fail", "reduction": "fail"},
        {"oxidation": "unknown", "reduction": "unknown"},
    ]
    by_slug = {m["slug"]: m["conductivity"] for m in materials}
    # LPSCl: no fit, so the measurement nearest 333.15 K (353 K, not 298 K).
    assert by_slug["lpscl"] == {
        "value": 1e-2, "unit": "S/cm", "temperature": 353.0, "source": "Paper B (2020)",
        "note": "Nearest measurement, at 353 K.",
    }  # fmt: skip
    # PEO: 333.15 K lies inside its fit's 290-370 K range, so the fit gives the value.
    fit = ConductivityFit.objects.get(material=cell.peo)
    assert by_slug["peo"]["value"] == pytest.approx(fit_sigma(fit, 333.15))
    assert by_slug["peo"]["value"] == pytest.approx(1e8 / 333.15 * 2.718281828 ** (-0.6 / (8.617333262e-5 * 333.15)))
    assert by_slug["peo"]["temperature"] == 333.15
    assert by_slug["peo"]["note"] == "From the preferred Arrhenius (Ea 0.6 eV) fit (fitted over 290-370 K)."
    assert by_slug["llzo"]["note"] == "Nearest measurement, at 298 K."
    assert materials[0]["checks"][1]["rule"] == "reduction limit ≤ Graphite potential 0.035 V vs Li/Li+"


def test_ambient_air_processing(cell, anonymous_client):
    """(c) Processing in ambient air: moisture stability is decisive; sulfides are ruled out."""
    body = anonymous_client.get(URL, {"atmosphere": "ambient-air"}).json()
    assert [(c["slug"], c["ruled_out"], c["score"]) for c in body["classes"]] == [
        ("oxide", False, 1),
        ("halide", False, -1),
        ("solid-polymer", False, -1),
        ("sulfide", True, -2),
    ]
    assert body["classes"][3]["reasons"] == [
        "Sulfide is rated -2 on Moisture and air stability, which this cell makes decisive: "
        + why("atmosphere", "ambient-air", "moisture-air-stability")
    ]
    materials = body["materials"]
    assert [(m["slug"], statuses(m)["moisture"]) for m in materials] == [
        ("llzo", "pass"),
        ("lpscl", "fail"),  # level 1 < 4
        ("lic", "unknown"),
        ("peo", "unknown"),
    ]
    assert (
        materials[0]["checks"][0]["rule"]
        == "moisture-stability level ≥ 4 for ambient air (lowest reported level counts)"
    )


def test_processing_thickness_and_conductivity_checks(cell, anonymous_client):
    body = anonymous_client.get(
        URL, {"max_processing_temperature": 400, "max_thickness": 50, "min_conductivity": 1e-4}
    ).json()
    rows = {m["slug"]: {c["key"]: (c["status"], c["value"]) for c in m["checks"]} for m in body["materials"]}
    unknown = ("unknown", None)
    assert rows == {
        "llzo": {
            "conductivity": ("pass", 5e-4),
            "processing_temperature": ("fail", 1500.0),
            "thickness": ("fail", 500.0),
        },
        "lpscl": {"conductivity": ("pass", 2e-3), "processing_temperature": unknown, "thickness": unknown},
        "lic": {"conductivity": ("pass", 1e-3), "processing_temperature": unknown, "thickness": unknown},
        "peo": {"conductivity": ("fail", 1e-5), "processing_temperature": ("pass", 333.0), "thickness": ("pass", 30.0)},
    }
    assert [m["slug"] for m in body["materials"]] == ["peo", "lpscl", "lic", "llzo"]
    # A thin membrane is decisive: the oxide (-2) is ruled out.
    assert [c["slug"] for c in body["classes"] if c["ruled_out"]] == ["oxide"]


def test_the_lithium_metal_check_is_unknown_when_the_property_is_not_defined(cell, anonymous_client):
    from electrolytes.models import Measurement, PropertyDefinition

    Measurement.objects.filter(property__key="lithium_metal_stability").delete()
    PropertyDefinition.objects.filter(key="lithium_metal_stability").delete()
    body = anonymous_client.get(URL, {"anode": "lithium-metal"}).json()
    assert {m["slug"]: statuses(m)["lithium_metal"] for m in body["materials"]} == dict.fromkeys(
        ["llzo", "lpscl", "lic", "peo"], "unknown"
    )


def test_class_filter_and_limit(cell, anonymous_client):
    body = anonymous_client.get(URL, {"electrolyte_class": "sulfide"}).json()
    assert [m["slug"] for m in body["materials"]] == ["lpscl"]
    assert body["requirements"]["electrolyte_class"] == {"value": "sulfide"}
    assert len(body["classes"]) == 4  # the verdicts still cover every class
    body = anonymous_client.get(URL, {"limit": 2}).json()
    assert [m["slug"] for m in body["materials"]] == ["lpscl", "lic"]  # no check asked: by conductivity


def test_curators_also_screen_drafts(cell, curator_client):
    body = curator_client.get(URL, {"cathode_voltage": 4.3}).json()
    assert body["materials"][0]["slug"] == "draft"


def test_a_class_the_matrix_does_not_rate_follows_the_rated_ones(cell, anonymous_client):
    from tests import factories

    factories.electrolyte_class("hydride", order=0)  # first in matrix order, but no assessment at all
    body = anonymous_client.get(URL, {"atmosphere": "ambient-air"}).json()
    assert [(c["slug"], c["score"], c["unrated"]) for c in body["classes"]] == [
        ("oxide", 1, 0),
        ("halide", -1, 0),
        ("solid-polymer", -1, 0),
        ("hydride", 0, 1),
        ("sulfide", -2, 0),
    ]
    assert body["classes"][3]["criteria"][0]["rating"] is None
