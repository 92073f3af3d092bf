"""Every public page in a real browser: no console errors, no foreign requests, charts drawn."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count

from electrolytes.models import ClassAssessment, Criterion, ElectrolyteClass, Material, Measurement, Reference
from tests.browser.conftest import screenshot
from tests.web.data import add_fit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(materials):
    """The shared polymer and sulfide with fits (conftest), plus a second, non-preferred fit for the polymer."""
    polymer, sulfide = materials
    add_fit(polymer, model="arrhenius", ea=0.9, prefactor=1e12, t_min=290.0, t_max=370.0, preferred=False)
    return {"polymer": polymer, "sulfide": sulfide}


def _traces(page, selector: str) -> int:
    page.wait_for_selector(f"{selector}[data-traces]")
    return page.locator(f"{selector} .scatterlayer .trace, {selector} .barlayer .trace").count()


def test_every_page_loads_cleanly(site, browse, live_server):
    reference = Reference.objects.annotate(n=Count("measurements")).order_by("-n", "key").first()
    klass = ElectrolyteClass.objects.get(slug="sulfide")
    pages = {
        "home": ("/", "Electrolyte knowledge base"),
        "materials": ("/materials/", "Materials"),
        "material": (site["polymer"].get_absolute_url(), site["polymer"].name),
        "compare": (f"/compare/?materials={site['polymer'].slug},{site['sulfide'].slug}", "Compare materials"),
        "classes": ("/classes/", "Electrolyte classes compared"),
        "class": (klass.get_absolute_url(), klass.name),
        "processing": ("/processing/", "Ex-situ and in-situ solidification"),
        "explore": ("/explore/", "Explore: one property against another"),
        "references": ("/references/", "References"),
        "reference": (reference.get_absolute_url(), reference.title),
        "not-found": ("/materials/no-such-material/", "Page not found"),
        "bad-filter": ("/materials/?elements=Li,Xx", "Materials"),
    }
    for name, (path, heading) in pages.items():
        page = browse()
        expected = {"not-found": 404, "bad-filter": 400}.get(name, 200)
        if expected != 200:
            page.watch.expect_error_status(live_server.url + path)
        response = page.goto(live_server.url + path)
        assert response.status == expected, name
        assert page.locator("h1").first.inner_text() == heading
        assert page.title().endswith("· Electrolyte KB")
        if page.locator("[data-figure]").count():
            page.wait_for_selector("[data-figure][data-traces]")
        plotly_loaded = any(u.endswith("/vendor/plotly-basic.min.js") for u in page.watch.requests)
        assert plotly_loaded == bool(page.locator("[data-figure]").count()), f"{name}: plotly only where charts are"
        screenshot(page, f"desktop-{name}")
    errors = browse()
    errors.watch.expect_error_status(live_server.url + "/materials/?elements=Li,Xx")
    errors.goto(live_server.url + "/materials/?elements=Li,Xx")
    assert errors.locator("#e-elements").inner_text() == "Unknown element 'Xx'."


def test_phone_layout_has_no_sideways_scroll(site, browse, live_server):
    for name, path in {
        "home": "/",
        "materials": "/materials/",
        "material": site["sulfide"].get_absolute_url(),
        "classes": "/classes/",
        "compare": f"/compare/?materials={site['polymer'].slug},{site['sulfide'].slug}",
    }.items():
        page = browse(width=375, height=740)
        page.goto(live_server.url + path)
        if page.locator("[data-figure]").count():
            page.wait_for_selector("[data-figure][data-traces]")
        # Wide tables scroll inside their own box; the page itself must fit the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
        screenshot(page, f"phone-{name}")


def test_periodic_table_narrows_the_list(site, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/materials/")
    total = Material.objects.published().count()
    assert page.locator("table.materials tbody tr").count() == min(total, 50)
    page.get_by_text("Pick elements on the periodic table").click()
    page.locator("button[data-symbol='S']").click()
    assert page.locator("#f-elements").input_value() == "S"
    page.locator("button[data-symbol='Ge']").click()
    page.locator("button[data-symbol='Ge']").click()  # second click: must not contain
    assert page.locator("#f-elements").input_value() == "S"
    assert page.locator("#f-exclude_elements").input_value() == "Ge"
    assert page.locator("button[data-symbol='Ge']").get_attribute("data-state") == "out"
    page.get_by_role("button", name="Show materials").click()
    page.wait_for_url(re.compile(r"elements=S&exclude_elements=Ge"))
    expected = Material.objects.published().filter(elements__contains=["S"]).exclude(elements__contains=["Ge"])
    names = page.locator("table.materials tbody th a").all_inner_texts()
    assert sorted(names) == sorted(expected.values_list("name", flat=True))
    assert 0 < len(names) < total
    assert page.locator("button[data-symbol='S']").get_attribute("data-state") == "in"
    screenshot(page, "desktop-materials-filtered")


def test_compare_flow_from_the_list(site, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/materials/?electrolyte_class=sulfide&ordering=name")
    chosen = list(Material.objects.published().filter(electrolyte_class__slug="sulfide").order_by("name", "pk")[:3])
    for material in chosen:
        page.locator(f"#cmp-{material.slug}").check()
    page.get_by_role("button", name=re.compile("Compare ticked materials")).click()
    page.wait_for_url(re.compile(r"/compare/\?materials="))
    assert page.url.endswith("/compare/?materials=" + ",".join(m.slug for m in chosen))
    headers = page.locator("table.compare thead th a:not(.remove)").all_inner_texts()
    assert headers == [m.name for m in chosen]
    assert _traces(page, "#compare-bars") >= 3
    # Removing one keeps the others in the URL.
    page.get_by_label(f"Remove {chosen[0].name} from the comparison").click()
    page.wait_for_url(re.compile(r"/compare/\?materials="))
    assert page.locator("table.compare thead th a:not(.remove)").all_inner_texts() == [m.name for m in chosen[1:]]


def test_each_chart_has_its_data_drawn(site, browse, live_server):
    page = browse()
    page.goto(live_server.url + site["polymer"].get_absolute_url())
    points = Measurement.objects.filter(
        material=site["polymer"], property__key="ionic_conductivity", temperature_k__isnull=False, is_derived=False
    )
    sources = {m.reference_id or m.source_dataset_id for m in points}
    # one marker trace per source, one line per fit, plus the invisible trace carrying the °C axis
    assert _traces(page, "#arrhenius") == len(sources) + 2 + 1
    assert page.locator("#arrhenius .xtick").count() > 0 and page.locator("#arrhenius .x2tick").count() > 0

    page.goto(live_server.url + f"/compare/?materials={site['polymer'].slug},{site['sulfide'].slug}")
    assert _traces(page, "#compare-arrhenius") >= 3

    page.goto(live_server.url + "/explore/?x=activation_energy&y=ionic_conductivity")
    assert _traces(page, "#explore") >= 1
    assert page.locator("#explore .point").count() == int(page.locator("#explore-count").inner_text())

    page.goto(live_server.url + "/classes/solid-polymer/")
    assert _traces(page, "#histogram") == 1


def test_explore_point_opens_its_material(site, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/explore/?x=activation_energy&y=ionic_conductivity")
    page.wait_for_selector("#explore[data-traces]")
    point = page.locator("#explore .point").first
    point.click(force=True)
    page.wait_for_url(re.compile(r"/materials/[-\w]+/$"))
    assert page.locator("h1").inner_text() in set(Material.objects.values_list("name", flat=True))


def test_class_matrix_shows_every_class_and_criterion(site, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/classes/")
    classes = list(ElectrolyteClass.objects.order_by("display_order").values_list("name", flat=True))
    criteria = list(Criterion.objects.order_by("display_order").values_list("name", flat=True))
    assert page.locator("table.matrix thead th a").all_inner_texts() == classes
    # each criterion's name, followed by its link to the screening page
    rows = page.locator("table.matrix tbody:not(.computed) th").all_inner_texts()
    assert [row.removesuffix(" screen") for row in rows] == criteria
    assert all(row.endswith(" screen") for row in rows)
    cell = ClassAssessment.objects.order_by("electrolyte_class__display_order", "criterion__display_order").first()
    first = page.locator("table.matrix tbody:not(.computed) details").first
    assert not first.locator(".explanation").is_visible()
    first.locator("summary").click()
    assert first.locator(".explanation p").first.inner_text() == cell.explanation
    screenshot(page, "desktop-classes-open-cell")
