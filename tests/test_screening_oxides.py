"""fixtures/14_screening_oxides.json: windows, activation energies and stability levels for the oxide electrolytes.

The rules every curated file follows are in tests/test_screening_fixtures.py (the file is one row of
tests/curated_fixtures.CURATED_FILES); these are the ones peculiar to this file.
"""

from __future__ import annotations

import re

from tests.curated_fixtures import CURATED_FILES, OXIDES

LEVEL_IN_NOTE = re.compile(r"\bLevel ([1-5])\b")
QUALITATIVE = {"moisture_stability", "lithium_metal_stability"}
# Words with which a note says a value comes from a calculation.
COMPUTED_WORDS = re.compile(r"\b(computed|calculat\w*|ab initio|DFT|first[- ]principles)\b", re.I)


def test_the_oxides_file_is_one_of_the_curated_files():
    assert OXIDES in CURATED_FILES


def test_every_oxide_value_quotes_its_source_with_the_address_read():
    for obj in OXIDES.objects("measurement"):
        fields = obj["fields"]
        assert "https://" in fields["notes"] and "'" in fields["notes"], obj["pk"]
        if fields["property"][0] in QUALITATIVE:
            assert {int(level) for level in LEVEL_IN_NOTE.findall(fields["notes"])} == {int(fields["value"])}, obj["pk"]
        else:
            # a number is quoted as the text prints it
            assert fields["reported_value"] in fields["notes"], obj["pk"]


def test_a_computed_oxide_value_says_it_is_a_calculation():
    computed = [obj for obj in OXIDES.objects("measurement") if obj["fields"]["method"] == "computed"]
    assert computed
    for obj in computed:
        assert COMPUTED_WORDS.search(obj["fields"]["notes"]), obj["pk"]
        assert "not a measurement" in obj["fields"]["notes"] or "not an experiment" in obj["fields"]["notes"], obj["pk"]


def test_every_new_oxide_reference_names_the_page_read():
    for obj in OXIDES.objects("reference"):
        fields = obj["fields"]
        assert fields["url"].startswith("https://") and fields["url"] in fields["notes"], fields["key"]
