"""Processing comparison and matrix citations in Chromium, on a laptop (1366x900) and a phone (390x844)."""

from __future__ import annotations

import pytest

from electrolytes.models import ClassAssessment, ProcessingRoute
from electrolytes.templatetags.kb_citation import citation
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"laptop": (1366, 900), "phone": (390, 844)}


def _fits_the_screen(page, width: int) -> None:
    # Wide tables may scroll inside their own box; the page body itself must not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width


@pytest.mark.parametrize("size", SIZES)
def test_processing_comparison(knowledge, browse, live_server, size):
    width, height = SIZES[size]
    page = browse(width=width, height=height)
    page.goto(live_server.url + "/processing/")
    _fits_the_screen(page, width)
    ex_situ, in_situ = page.locator("#compare-ex_situ"), page.locator("#compare-in_situ")
    # In-situ routes all keep injection; no ex-situ route does.
    total_in = ProcessingRoute.objects.filter(mode="in_situ").count()
    assert in_situ.locator('[data-step="injection"] .step-use').inner_text() == f"kept by all {total_in}"
    assert ex_situ.locator('[data-step="injection"] .step-use').inner_text() == "not used"
    gel = ProcessingRoute.objects.get(slug="in-situ-lipf6-dol-gelation")
    assert in_situ.locator(f'[data-route="{gel.slug}"] .chips li').all_inner_texts() == gel.added_steps
    row = page.locator('table.processing-conditions tr[data-route="polymer-tape-casting"]')
    thickness = row.locator('[data-label="Thickness reached"]').inner_text()
    assert thickness == "< 100\u00a0µm\n(National Science Open (2023))"
    # A figure taken from another paper than the route's own cites that paper, and the citation leads to it.
    garnet = page.locator('table.processing-conditions tr[data-route="garnet-solid-state-sintering"]')
    temperature = garnet.locator('[data-label="Peak temperature"] .cite a')
    assert temperature.inner_text() == "High conductivity of mixed phase… (n.d.)"
    assert temperature.get_attribute("href") == "/references/llzal-mixed-phase-solid-state/"
    assert "dew point −50\u00a0°C" in row.locator('[data-label="Atmosphere"]').inner_text()
    a, b = ex_situ.bounding_box(), in_situ.bounding_box()
    if size == "laptop":
        assert a["y"] == b["y"] and a["x"] < b["x"], "the two modes sit side by side"
        # The conditions table fits its column at 1366 px: nothing to scroll sideways, no column cut off.
        box = page.locator(".table-scroll:has(table.processing-conditions)")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")
    else:
        assert b["y"] > a["y"] + a["height"] - 1, "on a phone the modes stack"
        # The conditions table becomes one card per route, each value labelled.
        assert row.locator('[data-label="Peak temperature"]').evaluate("e => getComputedStyle(e, '::before').content")
        assert row.bounding_box()["width"] <= width
    screenshot(page, f"{size}-processing")


@pytest.mark.parametrize("size", SIZES)
def test_matrix_cells_cite_their_references(knowledge, browse, live_server, size):
    width, height = SIZES[size]
    page = browse(width=width, height=height)
    page.goto(live_server.url + "/classes/")
    _fits_the_screen(page, width)
    cell = ClassAssessment.objects.get(electrolyte_class__slug="sulfide", criterion__slug="li-metal-compatibility")
    references = list(cell.references.all())
    details = page.locator("table.matrix tbody:not(.computed) details", has_text=cell.explanation)
    details.locator("summary").click()
    links = details.locator(".refs a")
    assert links.all_inner_texts() == [citation(r) for r in references]
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        r.get_absolute_url() for r in references
    ]
    assert "Kato et al. (2016)" in links.all_inner_texts()
    screenshot(page, f"{size}-classes-open-cell")
    links.filter(has_text="Kato et al.").click()
    page.wait_for_url("**/references/kato2016/")
    screenshot(page, f"{size}-classes-reference")
