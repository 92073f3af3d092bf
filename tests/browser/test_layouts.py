"""Every HTML page of the URL conf at a phone's size (390x844) and a laptop's (1366x900): the page itself never
scrolls sideways, wide tables scroll in their own box with their first column (material, criterion, route)
kept in view, and the periodic table's buttons are big enough for a finger."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Count
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from electrolytes.models import ElectrolyteClass, Material, Reference
from electrolytes.views.periodic_table import periodic_table
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# Routes that answer with something other than an HTML page of this site, each with the reason.
NOT_PAGES = {
    "materials.csv": "CSV download",
    "screening.csv": "CSV download",
    "materials/<slug:slug>/structures/<int:pk>.cif": "CIF download",
    "references/<slug:key>/bibtex/": "BibTeX text",
}
SKIPPED_PREFIXES = ("admin/", "api/", "optimade/")  # Django's admin and the machine-readable interfaces
SIZES = {"phone": (390, 844), "laptop": (1366, 900)}


def _routes(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


@pytest.fixture
def pages(materials):
    """One address per HTML route of the URL conf (detail routes filled with a real record)."""
    polymer, sulfide = materials
    reference = Reference.objects.annotate(n=Count("measurements")).order_by("-n", "key").first()
    filled = {
        "": "/",
        "materials/": "/materials/",
        "materials/<slug:slug>/": polymer.get_absolute_url(),
        "compare/": f"/compare/?materials={polymer.slug},{sulfide.slug}",
        "classes/": "/classes/",
        "classes/<slug:slug>/": ElectrolyteClass.objects.get(slug="sulfide").get_absolute_url(),
        "processing/": "/processing/",
        "explore/": "/explore/",
        "screening/": "/screening/?anode=lithium-metal&cathode_voltage=4.3&operating_temperature=25",
        "references/": "/references/",
        "references/<slug:key>/": reference.get_absolute_url(),
        "account/api-token/": "/account/api-token/",
    }
    routes = [r for r in _routes() if not r.startswith(SKIPPED_PREFIXES) and r not in NOT_PAGES]
    assert sorted(routes) == sorted(filled), "a new page needs an address here (or a reason in NOT_PAGES)"
    # Two more: the sulfide's page (a compound with a structure section) and the list at 60 °C.
    return {
        **filled,
        "sulfide": sulfide.get_absolute_url(),
        "warm-list": "/materials/?temperature_min=328.15&temperature_max=338.15",
    }


OVERFLOW = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"

# For each wide table: scroll its box to the far right and report where its first row header then sits.
FIRST_COLUMN_AFTER_SCROLL = """() => Array.from(document.querySelectorAll('.table-scroll')).map((box) => {
  box.scrollLeft = box.scrollWidth;
  const header = box.querySelector('tbody th[scope="row"]');
  if (!header) { return null; }
  const r = header.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  return {scrolls: box.scrollWidth > box.clientWidth, left: r.left - b.left, right: r.right, width: innerWidth,
          table: box.querySelector('table').className};
}).filter(Boolean)"""


@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_the_screen_and_keeps_its_first_column(pages, size, browse, live_server, django_user_model):
    width, height = SIZES[size]
    # The API-token page is a curator's page. (Transactional tests flush the curators group the migrations
    # made, so this user holds the permission itself.)
    curator = django_user_model.objects.create_user(username="layout-curator", password="x-123456789", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="change_material"))
    session = Client()
    session.force_login(curator)
    cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
    page = browse(width=width, height=height)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    try:
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            if page.locator("[data-figure]").count():
                page.wait_for_selector("[data-figure][data-traces]")
            assert page.evaluate(OVERFLOW) <= width, f"{path} scrolls sideways at {width} px"
            for table in page.evaluate(FIRST_COLUMN_AFTER_SCROLL):
                # Sticky: after scrolling the table fully right, its row headers are still on screen.
                assert 0 <= table["left"] <= 48 and table["right"] <= width, f"{path}: {table}"
            label = re.sub(r"<[^>]*>", "detail", name).strip("/").replace("/", "-") or "home"
            screenshot(page, f"{size}-{label}")
    finally:
        page.context.clear_cookies()


def test_phone_list_keeps_names_beside_values_and_big_buttons(pages, browse, live_server):
    page = browse(width=390, height=844)
    page.goto(live_server.url + "/materials/")
    box = page.locator(".table-scroll").first
    assert page.evaluate("document.querySelector('table.materials').scrollWidth") > 390  # it does scroll
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    first = Material.objects.published().order_by("name").values_list("name", flat=True)
    name = page.locator("table.materials tbody th[scope=row]").first
    assert name.inner_text().startswith(first[0][:10])
    left = name.bounding_box()["x"]
    assert 0 <= left <= 60  # beside the tick box, in view, though the table is scrolled to its last column
    page.get_by_text("Pick elements on the periodic table").click()
    sizes = page.locator(".periodic-table .element").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert len(sizes) == len(periodic_table()) and min(w for w, _ in sizes) >= 32 and min(h for _, h in sizes) >= 32
    assert page.evaluate(OVERFLOW) <= 390  # the table of elements scrolls inside its own box
    boxes = page.locator("table.materials tbody input[type=checkbox]").evaluate_all(
        "els => els.map(e => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height))"
    )
    assert min(boxes) >= 32


@pytest.mark.parametrize("size", sorted(SIZES))
def test_long_material_names_wrap_inside_their_column(materials, size, browse, live_server):
    """A name that is one long formula (as the datasets name many oxides) breaks inside its sticky column
    instead of running under the formula beside it."""
    factories.material("(Ag0.33Li0.67)0.27La0.57TiO3", "Ag0.0891Li0.1809La0.57TiO3", electrolyte_class_slug="oxide")
    width, height = SIZES[size]
    page = browse(width=width, height=height)
    page.goto(live_server.url + "/materials/")
    spill = page.locator("table.materials tbody th[scope=row]").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.innerText)"
    )
    assert spill == []
    assert page.get_by_role("link", name="(Ag0.33Li0.67)0.27La0.57TiO3").is_visible()
