"""fixtures/12_screening_window_more.json: more oxidation limits for screening (issue 12, item 4).

Four polymer formulations (PVDF-HFP and PVDF based) that no earlier fixture held, each with the window and the
conductivity quoted from the abstract read. The general sourcing rules and the rules every curated file follows (its
values, keys, references and materials, pinned in tests/curated_fixtures.py) run on this file through
tests/test_screening_fixtures.py; these tests are the ones peculiar to this file.
"""

from __future__ import annotations

import re

import pytest

from tests.curated_fixtures import WINDOW_MORE

NEW_SLUGS = set(WINDOW_MORE.new_materials)


def test_each_new_material_gains_an_oxidation_limit_no_earlier_file_gave_it():
    earlier = {
        obj["fields"]["material"][0]
        for obj in WINDOW_MORE.elsewhere("measurement")
        if obj["fields"]["property"] == ["oxidation_limit"]
    }
    mine = {
        obj["fields"]["material"][0]
        for obj in WINDOW_MORE.objects("measurement")
        if obj["fields"]["property"] == ["oxidation_limit"]
    }
    assert mine == NEW_SLUGS and not mine & earlier


def test_a_lower_bound_is_written_as_one_and_an_equal_value_as_a_plain_number():
    for obj in WINDOW_MORE.objects("measurement"):
        fields = obj["fields"]
        reported = fields["reported_value"]
        if fields["qualifier"] == ">":
            assert reported.startswith(">"), obj["pk"]
            assert float(reported[1:]) == fields["value"], obj["pk"]
            assert "lower bound" in fields["notes"], obj["pk"]
        else:
            assert not reported.startswith((">", "<")), obj["pk"]


def test_every_note_quotes_its_source_and_says_where_it_was_read():
    for obj in WINDOW_MORE.objects("measurement"):
        notes = obj["fields"]["notes"]
        assert "'" in notes, f"{obj['pk']}: no quoted sentence"
        assert re.search(r"Read at https?://\S+", notes), f"{obj['pk']}: the note does not say where it was read"
    for obj in WINDOW_MORE.objects("reference"):
        assert obj["fields"]["url"].startswith("https://"), obj["fields"]["key"]
        assert obj["fields"]["url"] in obj["fields"]["notes"], obj["fields"]["key"]


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


@pytest.mark.django_db
def test_a_lower_bound_settles_the_screening_check_it_clears(knowledge, anonymous_client):
    """ "Over 5 V" clears a 4.3 V cathode, though it is no headline; Li6PS5I's "> 7 V" does too, while its "< 0.5 V"
    reduction bound cannot settle a lithium-metal anode at 0 V."""
    checks = {}
    for slug, electrolyte_class in (("pvdfhfp-ylatp7-cpe", None), ("li6ps5i", "sulfide")):
        params = {"cathode_voltage": 4.3, "anode": "lithium-metal", "limit": 500}
        if electrolyte_class:
            params["electrolyte_class"] = electrolyte_class
        body = anonymous_client.get("/api/v1/screening/", params).json()
        checks[slug] = next({c["key"]: c for c in m["checks"]} for m in body["materials"] if m["slug"] == slug)
    ylatp = checks["pvdfhfp-ylatp7-cpe"]["oxidation"]
    assert (ylatp["status"], ylatp["qualifier"], ylatp["value"]) == ("pass", ">", 5.0)
    lpsi = checks["li6ps5i"]
    assert (lpsi["oxidation"]["status"], lpsi["oxidation"]["qualifier"], lpsi["oxidation"]["value"]) == (
        "pass",
        ">",
        7.0,
    )
    assert lpsi["reduction"]["status"] == "unknown"
    assert lpsi["reduction"]["note"].startswith("Reported only as below 0.5 V (a bound, not a value)")
