"""The researcher's flows in the browser: a compare basket that survives searches and pages, and an explore map
whose hover box names the material, both properties with units and temperatures, and its class."""

from __future__ import annotations

import re

import pytest

from electrolytes.models import ElectrolyteClass, Material

pytestmark = pytest.mark.django_db(transaction=True)


def _tray(page) -> list[str]:
    return page.locator("#compare-tray [data-compare-list] li span").all_inner_texts()


@pytest.fixture
def picks(knowledge):
    """Three published materials of three classes, each findable by its own name."""
    chosen = []
    for slug in ("sulfide", "oxide", "solid-polymer"):
        chosen.append(Material.objects.published().filter(electrolyte_class__slug=slug).order_by("name").first())
    return chosen


def test_basket_survives_two_searches_and_a_material_page(picks, browse, live_server):
    first, second, third = picks
    page = browse()
    page.goto(f"{live_server.url}/materials/?q={first.name}")
    assert page.locator("#compare-tray").is_hidden()  # nothing chosen yet
    page.locator(f"#cmp-{first.slug}").check()
    assert _tray(page) == [first.name]

    # A second search: the first material is not on this page, but stays chosen.
    page.fill("#f-q", second.name)
    page.get_by_role("button", name="Show materials").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.locator(f"#cmp-{first.slug}").count() == 0
    page.locator(f"#cmp-{second.slug}").check()
    assert _tray(page) == [first.name, second.name]

    # A material page adds the third; its button then says it can remove it.
    page.goto(live_server.url + third.get_absolute_url())
    button = page.locator(f"button[data-compare-add='{third.slug}']")
    button.click()
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "Remove from compare"
    assert _tray(page) == [first.name, second.name, third.name]

    # The tray's link carries the whole basket into the compare page's address.
    page.locator("#compare-tray [data-compare-go]").click()
    page.wait_for_url(re.compile(r"/compare/\?materials="))
    assert page.url.endswith(f"/compare/?materials={first.slug},{second.slug},{third.slug}")
    headers = page.locator("table.compare thead th a:not(.remove)").all_inner_texts()
    assert headers == [first.name, second.name, third.name]

    # Removing one in the tray and reloading the list: the basket is the browser's, not the page's.
    page.locator(f"#compare-tray [data-compare-remove='{first.slug}']").click()
    page.goto(f"{live_server.url}/materials/?q={first.name}")
    assert _tray(page) == [second.name, third.name]
    assert not page.locator(f"#cmp-{first.slug}").is_checked()

    # The list's own button opens the basket (with both, though neither is on this page).
    page.get_by_role("button", name=re.compile("Compare ticked materials")).click()
    page.wait_for_url(re.compile(r"/compare/"))
    assert page.url.endswith(f"/compare/?materials={second.slug},{third.slug}")


def test_compare_address_replaces_the_basket(picks, browse, live_server):
    first, second, third = picks
    page = browse()
    page.goto(live_server.url + third.get_absolute_url())
    page.locator(f"button[data-compare-add='{third.slug}']").click()
    page.goto(f"{live_server.url}/compare/?materials={first.slug},{second.slug}")
    assert _tray(page) == [first.name, second.name]  # a shared link shows what it names
    page.goto(live_server.url + "/references/")
    assert _tray(page) == [first.name, second.name]


def _hover_text(page, point) -> str:
    point.hover(force=True)
    page.wait_for_selector("#explore .hoverlayer .hovertext")
    # plotly writes each line of the box as a tspan: join them with spaces.
    lines = page.locator("#explore .hoverlayer .hovertext text").evaluate_all(
        "els => els.map(e => { const l = e.querySelectorAll('tspan.line');"
        " return l.length ? Array.from(l).map(t => t.textContent).join(' ') : e.textContent; })"
    )
    return " ".join(lines)


def test_explore_hover_names_material_properties_units_temperatures_and_class(knowledge, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/explore/?x=activation_energy&y=ionic_conductivity")
    page.wait_for_selector("#explore[data-traces]")
    point = page.locator("#explore .scatterlayer .trace").first.locator(".point").first
    text = _hover_text(page, point)
    names = set(Material.objects.published().values_list("name", flat=True))
    classes = set(ElectrolyteClass.objects.values_list("name", flat=True))
    assert any(name in text for name in names), text
    assert any(name in text for name in classes), text
    assert re.search(r"Activation energy \(eV\): [\d.]+", text), text
    assert re.search(r"Ionic conductivity \(S/cm\), room-temperature headline: [\d.]+", text), text

    # Another window: the hover says which temperature the conductivity was looked for at.
    page.goto(
        live_server.url
        + "/explore/?x=activation_energy&y=ionic_conductivity&temperature_min=323.15&temperature_max=343.15"
    )
    if page.locator("#explore").count():
        page.wait_for_selector("#explore[data-traces]")
        text = _hover_text(page, page.locator("#explore .point").first)
        assert "Ionic conductivity (S/cm), nearest 60\u00a0°C within 50\u00a0°C to 70\u00a0°C" in text.replace(
            " °C", "\u00a0°C"
        ), text


def test_explore_class_filter_highlight_and_axes_stay_in_the_address(knowledge, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/explore/?x=activation_energy&y=ionic_conductivity")
    page.wait_for_selector("#explore[data-traces]")
    every = page.evaluate("document.getElementById('explore').data.map(t => t.name)")
    assert len(every) >= 2
    slugs = dict(ElectrolyteClass.objects.values_list("name", "slug"))
    lit = every[0]

    # Highlight the first class and switch the conductivity axis to linear.
    page.select_option("#id_highlight", slugs[lit])
    page.select_option("#id_y_scale", "linear")
    page.get_by_role("button", name="Draw").click()
    page.wait_for_url(re.compile(r"highlight="))
    page.wait_for_selector("#explore[data-traces]")
    assert f"highlight={slugs[lit]}" in page.url and "y_scale=linear" in page.url
    drawn = page.evaluate("document.getElementById('explore').data.map(t => [t.name, t.marker.opacity])")
    # The highlighted class drawn last (on top) at full strength, the others faded.
    assert drawn[-1] == [lit, 0.85] and sorted(n for n, _ in drawn) == sorted(every)
    assert all(opacity < 0.5 for name, opacity in drawn if name != lit)
    assert page.evaluate("document.getElementById('explore').layout.yaxis.type") == "linear"

    # Show one class only: the others leave the map; the address keeps every choice, reloading redraws it.
    shown = every[1]
    page.locator(f"input[name=electrolyte_class][value={slugs[shown]}]").check()
    page.get_by_role("button", name="Draw").click()
    page.wait_for_url(re.compile(r"electrolyte_class="))
    page.wait_for_selector("#explore[data-traces]")
    assert f"electrolyte_class={slugs[shown]}" in page.url and "y_scale=linear" in page.url
    assert page.evaluate("document.getElementById('explore').data.map(t => t.name)") == [shown]
    page.goto(page.url)
    page.wait_for_selector("#explore[data-traces]")
    assert page.evaluate("document.getElementById('explore').data.map(t => t.name)") == [shown]
    assert page.locator(f"input[name=electrolyte_class][value={slugs[shown]}]").is_checked()


def test_explore_point_goes_into_the_basket(knowledge, browse, live_server):
    page = browse()
    page.goto(live_server.url + "/explore/?x=activation_energy&y=ionic_conductivity")
    page.wait_for_selector("#explore[data-traces]")
    page.locator("#explore-click-adds").check()
    page.locator("#explore .point").first.click(force=True)
    assert page.url.endswith("/explore/?x=activation_energy&y=ionic_conductivity")  # stayed on the map
    tray = _tray(page)
    assert len(tray) == 1 and tray[0] in set(Material.objects.published().values_list("name", flat=True))
