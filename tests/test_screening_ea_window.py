"""fixtures/10_screening_ea_window.json: activation energies and electrochemical windows added for screening
(issue 12, item 4).

The general sourcing rules (reference, unit, note, computed windows marked) and the rules every curated file follows
(its values, keys, references and materials, pinned in tests/curated_fixtures.py) run on this file through
tests/test_screening_fixtures.py; these tests are the ones peculiar to this file.
"""

from __future__ import annotations

import re

import pytest

from tests.curated_fixtures import EA_WINDOW

WINDOW = {"oxidation_limit", "reduction_limit"}


def test_an_activation_energy_has_no_temperature():
    energies = [obj for obj in EA_WINDOW.objects("measurement") if obj["fields"]["property"] == ["activation_energy"]]
    assert energies
    for obj in energies:
        assert obj["fields"]["temperature_k"] is None, obj["pk"]


def test_every_note_quotes_its_source_and_says_where_it_was_read():
    refs = {
        obj["fields"]["key"]: obj["fields"] for obj in EA_WINDOW.objects("reference") + EA_WINDOW.elsewhere("reference")
    }
    for obj in EA_WINDOW.objects("measurement"):
        notes = obj["fields"]["notes"]
        assert "'" in notes, f"{obj['pk']}: no quoted sentence"
        where = re.search(r"https?://\S+|GitHub|file id \d+", notes) or refs[obj["fields"]["reference"][0]]["url"]
        assert where, f"{obj['pk']}: the note does not say where the value was read"


def test_computed_windows_cite_the_first_principles_table():
    for obj in EA_WINDOW.objects("measurement"):
        fields = obj["fields"]
        if fields["property"][0] in WINDOW and fields["method"] == "computed":
            assert fields["reference"] == ["zhu2015-windows"], obj["pk"]
            assert "first-principles" in fields["notes"], obj["pk"]


@pytest.mark.django_db
def test_a_computed_window_does_not_displace_a_measured_one(knowledge):
    """LAGP now has both the PITT window and the first-principles one: the headline stays the measured value."""
    from electrolytes.models import PropertyHeadline

    ox = PropertyHeadline.objects.get(material__slug="lagp", property__key="oxidation_limit")
    red = PropertyHeadline.objects.get(material__slug="lagp", property__key="reduction_limit")
    assert (ox.value, red.value) == (4.9, 1.85)
