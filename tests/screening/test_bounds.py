"""Window limits reported only as bounds ("> 7 V", "< 0.5 V"): they settle a check when the bound alone decides
it, and leave it unknown, saying so, when it does not. A bound is never a headline value."""

from __future__ import annotations

import pytest

from electrolytes import screening
from electrolytes.models import PropertyHeadline
from electrolytes.screening import FAIL, PASS, UNKNOWN, Bound, MaterialData, Requirements, Value
from tests import factories

URL = "/api/v1/screening/"


@pytest.mark.parametrize(
    ("bounds", "cathode_voltage", "status", "shown"),
    [
        ([Bound(">", 7.0, "A")], 4.3, PASS, (">", 7.0)),  # above 7 V is above 4.3 V
        ([Bound(">", 4.3, "A")], 4.3, PASS, (">", 4.3)),
        ([Bound(">", 3.5, "A")], 4.3, UNKNOWN, (">", 3.5)),  # above 3.5 V may or may not reach 4.3 V
        ([Bound("<", 3.0, "A")], 4.3, FAIL, ("<", 3.0)),  # below 3 V cannot reach 4.3 V
        ([Bound("<", 5.0, "A")], 4.3, UNKNOWN, ("<", 5.0)),
        ([Bound(">", 5.0, "A"), Bound(">", 7.0, "B")], 4.3, PASS, (">", 7.0)),  # the most telling bound is shown
        ([Bound("<", 3.5, "A"), Bound("<", 3.0, "B")], 4.3, FAIL, ("<", 3.0)),
        ([Bound(">", 7.0, "A"), Bound("<", 3.0, "B")], 4.3, FAIL, ("<", 3.0)),  # the least favourable report decides
        ([Bound(">", 3.5, "A"), Bound("<", 5.0, "B")], 4.3, UNKNOWN, (">", 3.5)),
    ],
)
def test_oxidation_bounds(bounds, cathode_voltage, status, shown):
    check = screening.check_oxidation(None, cathode_voltage, bounds)
    assert check.status == status
    assert (check.qualifier, check.value, check.unit) == (*shown, "V")


@pytest.mark.parametrize(
    ("bounds", "anode", "status", "shown"),
    [
        ([Bound("<", 0.5, "A")], "lithium-metal", UNKNOWN, ("<", 0.5)),  # below 0.5 V may still be above 0 V
        ([Bound("<", 0.5, "A")], "lto", PASS, ("<", 0.5)),  # but it is below LTO's 1.55 V
        ([Bound("<", 0.0, "A")], "lithium-metal", PASS, ("<", 0.0)),
        ([Bound(">", 0.1, "A")], "graphite", FAIL, (">", 0.1)),  # above 0.1 V: reduced at lithiated graphite
        ([Bound(">", 0.01, "A")], "graphite", UNKNOWN, (">", 0.01)),
        ([Bound("<", 1.0, "A"), Bound("<", 0.5, "B")], "lto", PASS, ("<", 0.5)),
        ([Bound(">", 1.0, "A"), Bound(">", 1.7, "B")], "lto", FAIL, (">", 1.7)),
    ],
)
def test_reduction_bounds(bounds, anode, status, shown):
    check = screening.check_reduction(None, anode, bounds)
    assert check.status == status
    assert (check.qualifier, check.value) == shown


def test_a_bound_check_says_it_is_a_bound_and_what_it_settles():
    passed = screening.check_oxidation(None, 4.3, [Bound(">", 7.0, "Paper A", "Cyclic voltammetry")])
    assert passed.as_api() == {
        "status": PASS,
        "qualifier": ">",
        "value": 7.0,
        "unit": "V",
        "temperature": None,
        "source": "Paper A",
        "rule": "oxidation limit ≥ cathode voltage 4.3 V vs Li/Li+",
        "note": "Reported only as above 7 V (a bound, not a value), which already clears 4.3 V. Cyclic voltammetry.",
    }
    open_check = screening.check_reduction(None, "lithium-metal", [Bound("<", 0.5, "Paper A")])
    assert (
        open_check.note == "Reported only as below 0.5 V (a bound, not a value), which does not settle it against 0 V."
    )
    failed = screening.check_oxidation(None, 4.3, [Bound("<", 3.0, "Paper B")])
    assert failed.note == "Reported only as below 3 V (a bound, not a value), which already misses 4.3 V."


def test_a_value_wins_over_bounds():
    check = screening.check_oxidation(Value(4.0, "Paper V"), 4.3, [Bound(">", 7.0, "Paper B")])
    assert (check.status, check.qualifier, check.value, check.source) == (FAIL, "=", 4.0, "Paper V")


def test_without_values_or_bounds_the_check_is_unknown_without_a_value():
    check = screening.check_oxidation(None, 4.3, [])
    assert (check.status, check.qualifier, check.value, check.note) == (
        UNKNOWN, "", None, "No value in the knowledge base.",
    )  # fmt: skip


def test_check_material_hands_each_limit_its_own_bounds():
    data = MaterialData(oxidation_bounds=(Bound(">", 7.0, "A"),), reduction_bounds=(Bound("<", 0.5, "B"),))
    checks = {c.key: c for c in screening.check_material(Requirements(anode="lto", cathode_voltage=4.3), data).checks}
    assert (checks["oxidation"].status, checks["oxidation"].source) == (PASS, "A")
    assert (checks["reduction"].status, checks["reduction"].source) == (PASS, "B")


# --- Through the endpoint, on stored measurements ----------------------------------------------------------


@pytest.fixture
def bounded(properties):
    """A sulfide whose window is known only as bounds, with a flagged bound and another material's bound."""
    ref = factories.reference("bounds-paper", year=2021)
    material = factories.material("Bounded sulfide", "Li6PS5I", electrolyte_class_slug="sulfide", slug="bounded")
    factories.measurement(material, "ionic_conductivity", 2e-4, "S/cm", temperature=298, ref=ref)
    factories.measurement(material, "oxidation_limit", 7.0, "V", qualifier=">", method="cv", ref=ref)
    factories.measurement(material, "reduction_limit", 0.5, "V", qualifier="<", method="cv", ref=ref)
    factories.measurement(
        material, "reduction_limit", 3.0, "V", qualifier=">", ref=ref, flag="erroneous", flag_reason="Misread figure."
    )
    other = factories.material("Other sulfide", "Li3PS4", electrolyte_class_slug="sulfide", slug="other")
    factories.measurement(other, "ionic_conductivity", 1e-4, "S/cm", temperature=298, ref=ref)
    factories.measurement(other, "oxidation_limit", 2.0, "V", qualifier="<", ref=ref)
    return material


def _checks(client, params) -> dict[str, dict[str, dict]]:
    body = client.get(URL, params).json()
    return {m["slug"]: {c["key"]: c for c in m["checks"]} for m in body["materials"]}


def test_stored_bounds_settle_checks_and_never_become_headlines(bounded, anonymous_client):
    assert not PropertyHeadline.objects.filter(
        material=bounded, property__key__in=["oxidation_limit", "reduction_limit"]
    ).exists()
    checks = _checks(anonymous_client, {"anode": "lto", "cathode_voltage": 4.3})
    assert checks["bounded"]["oxidation"]["status"] == PASS
    assert checks["bounded"]["oxidation"]["qualifier"] == ">"
    assert checks["bounded"]["oxidation"]["value"] == 7.0
    assert checks["bounded"]["oxidation"]["source"] == "A study of ion transport (2021)"
    # The flagged "> 3 V" would fail LTO; it is never used.
    assert (checks["bounded"]["reduction"]["status"], checks["bounded"]["reduction"]["value"]) == (PASS, 0.5)
    # Another material's bound is its own: below 2 V misses 4.3 V.
    assert checks["other"]["oxidation"]["status"] == FAIL
    assert checks["other"]["reduction"]["status"] == UNKNOWN
    assert checks["other"]["reduction"]["note"] == "No value in the knowledge base."


def test_a_bound_that_does_not_decide_leaves_the_check_unknown(bounded, anonymous_client):
    checks = _checks(anonymous_client, {"anode": "lithium-metal"})
    assert checks["bounded"]["reduction"]["status"] == UNKNOWN
    assert checks["bounded"]["reduction"]["note"] == (
        "Reported only as below 0.5 V (a bound, not a value), which does not settle it against 0 V. Cyclic voltammetry."
    )


def test_the_page_and_the_csv_show_the_bound(bounded, anonymous_client):
    page = anonymous_client.get("/screening/", {"anode": "lto", "cathode_voltage": 4.3}).content.decode()
    assert "&gt; 7" in page
    assert "which already clears 4.3 V" in page
    rows = (
        anonymous_client.get("/screening.csv", {"anode": "lto", "cathode_voltage": 4.3}).content.decode().splitlines()
    )
    header = rows[0].split(",")
    first = dict(zip(header, rows[1].split(","), strict=False))
    assert first["name"] == "Bounded sulfide"
    assert (first["oxidation_status"], first["oxidation_qualifier"], first["oxidation_value"]) == ("pass", ">", "7")
    assert (first["reduction_status"], first["reduction_qualifier"], first["reduction_value"]) == ("pass", "<", "0.5")
