"""The 3D unit-cell viewer in a real browser: it draws (a canvas with content), with no console error and no
request to another host; pages without a structure do not load the viewer at all."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from electrolytes import services
from tests import factories
from tests.browser.conftest import screenshot
from tests.structures import cifs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def with_structure(properties):
    llto = factories.material("LLTO", "Li0.45La0.45TiO3", slug="llto", electrolyte_class_slug="oxide")
    services.structure_create_from_cif(material=llto, cif_text=cifs.DISORDERED_LLTO, label="tetragonal")
    services.structure_create_from_cif(material=llto, cif_text=cifs.LITHIUM_FREE_LLTO)
    factories.material("LGPS", "Li10GeP2S12", slug="lgps")
    return llto


def test_viewer_draws_the_cell(with_structure, browse, live_server):
    page = browse()
    page.goto(f"{live_server.url}/materials/llto/")
    page.wait_for_selector("#structure-viewer[data-drawn='10']")
    canvas = page.locator("#structure-viewer canvas").first
    assert canvas.is_visible()
    box = canvas.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    # A blank canvas is one colour; the atoms (Jmol colours, shaded spheres) and the cell edges are many.
    assert colours is not None and len(colours) > 50
    not_white = sum(count for count, rgb in colours if rgb != (255, 255, 255))
    assert not_white > 0.02 * image.width * image.height
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert any(src.endswith("vendor/3Dmol-min.js") for src in scripts)
    # The 0.5 MB library is fetched only once the page has loaded, so the page never waits for it.
    fetched_after_load = page.evaluate(
        "() => performance.getEntriesByType('resource').find(r => r.name.endsWith('3Dmol-min.js')).startTime"
        " >= performance.getEntriesByType('navigation')[0].loadEventStart"
    )
    assert fetched_after_load
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0  # no inline script
    screenshot(page, "material-structure")
    assert page.locator(".structure-sites").get_attribute("open") is None  # the sites table starts collapsed
    page.watch.assert_clean()


def test_pages_without_a_structure_do_not_load_the_viewer(with_structure, browse, live_server):
    page = browse()
    page.goto(f"{live_server.url}/materials/lgps/")
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert not any("3Dmol" in src or "structure-viewer" in src for src in scripts)
    assert page.locator("#structure-viewer").count() == 0
