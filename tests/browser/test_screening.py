"""The screening page in Chromium: from the class matrix to a verdict, then to the comparison of the top materials."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot
from tests.screening.conftest import cell  # noqa: F401 (the hand-built cell data, as a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_screen_a_lithium_metal_cell_and_compare_the_top_materials(cell, browse, live_server):  # noqa: F811
    page = browse()
    page.goto(live_server.url + "/classes/")
    page.get_by_role("link", name="Screen for my cell").click()
    page.wait_for_url(re.compile(r"/screening/$"))
    assert page.locator("h1").inner_text() == "Screen electrolytes for a cell"
    page.select_option("#id_anode", "lithium-metal")
    page.fill("#id_cathode_voltage", "4.3")
    page.fill("#id_operating_temperature", "25")
    page.select_option("#id_atmosphere", "dry-room")
    page.get_by_role("button", name="Screen").click()
    page.wait_for_url(re.compile(r"anode=lithium-metal&cathode_voltage=4.3&operating_temperature=25"))
    # The parameters stay in the form after the round trip.
    assert page.locator("#id_cathode_voltage").input_value() == "4.3"
    cards = page.locator("ul.screening-classes > li")
    assert cards.evaluate_all("els => els.map(e => e.dataset.class)") == ["oxide", "halide", "sulfide", "solid-polymer"]
    assert page.locator("li.ruled-out").evaluate_all("els => els.map(e => e.dataset.class)") == [
        "halide", "sulfide", "solid-polymer",
    ]  # fmt: skip
    assert "rated -2 on Li-metal compatibility" in page.locator("li[data-class='halide'] .reasons").inner_text()
    rows = page.locator("table.screening-table tbody tr")
    assert rows.evaluate_all("els => els.map(e => e.dataset.material)") == ["llzo", "lpscl", "lic", "peo"]
    assert page.locator("tr[data-material='llzo'] td[data-check='moisture'] strong").inner_text() == "pass"
    assert page.locator("tr[data-material='peo'] td[data-check='oxidation'] strong").inner_text() == "unknown"
    screenshot(page, "desktop-screening")
    page.get_by_role("link", name="Compare the top 4 materials").click()
    page.wait_for_url(re.compile(r"/compare/\?materials=llzo,lpscl,lic,peo"))
    assert page.locator("h1").inner_text() == "Compare materials"
    assert page.locator("table.compare thead th a[href^='/materials/']").count() == 4
