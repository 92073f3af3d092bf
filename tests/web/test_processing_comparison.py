"""The processing page as the perspective's Figure 2: ex-situ against in-situ, line steps kept and added."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from electrolytes.models import ProcessingRoute
from tests import factories

pytestmark = pytest.mark.django_db

LINE = ["coating", "stacking/winding", "sealing", "formation"]


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def routes(properties):
    oxide = factories.electrolyte_class("oxide")
    polymer = factories.electrolyte_class("in-situ-polymerized", category="polymer")
    sinter = ProcessingRoute.objects.create(
        slug="sinter",
        name="Pellet sintering",
        route_type="solid_state",
        mode="ex_situ",
        electrolyte_class=oxide,
        cell_manufacturing_steps=["sealing", "formation"],
        added_steps=["Calcination", "Sintering"],
        peak_temperature_k=1503.15,
        duration_h=36,
        atmosphere="ambient",
        electrolyte_thickness_um=200,
        thickness_bound="at_least",
        stack_pressure_mpa=5,
    )
    cast = ProcessingRoute.objects.create(
        slug="cast",
        name="Membrane casting",
        route_type="tape_casting",
        mode="ex_situ",
        electrolyte_class=polymer,
        cell_manufacturing_steps=LINE,
        added_steps=["Solution casting", "Drying"],
        atmosphere="dry_room",
        needs_dry_room=True,
        dew_point_k=223.15,
        electrolyte_thickness_um=100,
        thickness_bound="below",
    )
    gel = ProcessingRoute.objects.create(
        slug="gel",
        name="Gelation in the cell",
        route_type="in_situ_chemical",
        mode="in_situ",
        electrolyte_class=polymer,
        cell_manufacturing_steps=[*LINE[:2], "electrolyte injection", *LINE[2:]],
        added_steps=["Gelation in the sealed cell"],
        temperature_note="ambient temperature",
        atmosphere="sealed_cell",
    )
    return sinter, cast, gel


def test_side_by_side_counts_the_line_steps_each_mode_keeps(routes, client):
    html = client.get("/processing/").content.decode()
    text = _text(client.get("/processing/"))
    assert (
        "Ex-situ (made before cell assembly) 2 routes recorded Steps of a lithium-ion cell line "
        "Electrode coating kept by 1 of 2 Stacking or winding kept by 1 of 2 Electrolyte injection not used "
        "Sealing kept by all 2 Formation kept by all 2"
    ) in text
    assert (
        "In-situ (solidified inside the cell) 1 route recorded Steps of a lithium-ion cell line "
        "Electrode coating kept by all 1 Stacking or winding kept by all 1 Electrolyte injection kept by all 1"
    ) in text
    assert '<li class="share-none" data-step="injection">' in html
    # Added steps in their order, per route
    assert (
        "Steps added to the line Membrane casting Solution casting Drying Pellet sintering Calcination Sintering"
        in text
    )
    assert "Steps added to the line Gelation in the cell Gelation in the sealed cell" in text


def test_steps_every_route_keeps_are_said_once_not_ticked(routes, client):
    text = _text(client.get("/processing/"))
    assert "Every route listed keeps sealing and formation, so the table shows only the line steps that differ" in text
    header = re.search(r"Route (.*?) Steps added Peak temperature", text).group(1)
    assert header == "Electrode coating Stacking or winding Electrolyte injection"


def test_conditions_are_shown_with_units_and_bounds(routes, client):
    text = _text(client.get("/processing/"))
    assert "Pellet sintering Oxide – – – 2 1230 °C 36 h Ambient air ≥ 200 µm 5 MPa" in text
    assert "Membrane casting In Situ Polymerized ✓ ✓ – 2 — — Dry room dew point −50 °C < 100 µm —" in text
    assert "Gelation in the cell In Situ Polymerized ✓ ✓ ✓ 1 ambient temperature — Inside the sealed cell — —" in text
    assert "Peak temperature ambient temperature (no figure given)" in text
    assert "Thickness reached ≥ 200 µm" in text
    assert "Stack pressure 5 MPa" in text


def test_source_is_a_citation_not_a_key(routes, client):
    reference = factories.reference("kato-key", authors=["Kato, Y.", "Hori, S."])
    ProcessingRoute.objects.filter(slug="gel").update(reference=reference)
    html = client.get("/processing/").content.decode()
    assert 'Source: <a href="/references/kato-key/">Kato et al. (2020)</a>' in html
    assert ">kato-key<" not in html


@pytest.mark.parametrize(
    ("thickness", "bound", "expected"),
    [
        (None, "", "—"),
        (35.0, "", "35\u00a0µm"),
        (100.0, "below", "< 100\u00a0µm"),
        (200.0, "at_least", "≥ 200\u00a0µm"),
    ],
)
def test_thickness_filter(thickness, bound, expected):
    from electrolytes.templatetags.kb_processing import thickness as thickness_filter

    route = ProcessingRoute(electrolyte_thickness_um=thickness, thickness_bound=bound)
    assert thickness_filter(route) == expected


def test_megapascal_filter():
    from electrolytes.templatetags.kb_processing import megapascal

    assert megapascal(None) == "—"
    assert megapascal(2.5) == "2.5\u00a0MPa"


def _row_text(html: str, slug: str) -> str:
    row = re.search(rf'<tr data-route="{re.escape(slug)}">(.*?)</tr>', html, flags=re.S).group(1)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", row)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    ("slug", "tail"),
    [
        # steps added, peak temperature, duration, atmosphere (dew point), thickness, stack pressure; each figure
        # with the paper it comes from (the perspective is cited by its journal: it names no authors)
        (
            "garnet-solid-state-sintering",
            "5 1200 °C ( High conductivity of mixed phase… (n.d.) ) — Ambient air ( Murugan et al. (2007) )"
            " ≥ 200 µm ( National Science Open (2023) ) —",
        ),
        (
            "nasicon-solid-state-sintering",
            "4 900 °C ( Yao et al. (2021) ) 6 h ( Yao et al. (2021) ) Ambient air ( Aono et al. (1990) )"
            " ≥ 200 µm ( National Science Open (2023) ) —",
        ),
        (
            "oxide-hot-pressing",
            "3 850 °C ( Wang et al. (2018) ) — Inert gas (glovebox) ( National Science Open (2023) )"
            " ≥ 200 µm ( National Science Open (2023) ) —",
        ),
        (
            "sulfide-ball-milling",
            "3 550 °C ( Yu et al. (2016) ) — Inert gas (glovebox) ( National Science Open (2023) ) dry room"
            " ≥ 200 µm ( National Science Open (2023) ) 5 MPa ( Doux et al. (2020) )",
        ),
        (
            "sulfide-melt-quenching",
            "4 800 °C ( Song et al. (2025) ) 30 h ( Song et al. (2025) )"
            " Vacuum ( National Science Open (2023) ) dry room ≥ 200 µm ( National Science Open (2023) )"
            " 64 MPa ( Song et al. (2025) )",
        ),
        (
            "li3incl6-water-mediated",
            "— — Vacuum ( Angewandte Chemie International Edition (2019) ) ≥ 200 µm ( National Science Open (2023) )"
            " 250 MPa ( Kochetkov et al. (2022) )",
        ),
        (
            "halide-ammonium-wet-chemistry",
            "500 °C ( Wang et al. (2021) ) 5 h ( Wang et al. (2021) ) Inert gas (glovebox) ( Wang et al. (2021) )"
            " ≥ 200 µm ( National Science Open (2023) ) 250 MPa ( Kochetkov et al. (2022) )",
        ),
        (
            "li3ercl6-mechanochemical",
            "— 99 h ( Schlem et al. (2020) ) Inert gas (glovebox) ( Schlem et al. (2020) )"
            " ≥ 200 µm ( National Science Open (2023) ) 14 MPa ( Progress Reports: Advanced Battery… (2024) )",
        ),
        (
            "composite-tape-casting",
            "80 °C ( Progress Reports: Advanced Battery… (2024) ) — Dry room ( Liang et al. (2026) )"
            " dew point −50 °C ( National Science Open (2023) ) < 100 µm ( National Science Open (2023) ) —",
        ),
        (
            "polymer-tape-casting",
            "3 — — Dry room ( National Science Open (2023) ) dew point −50 °C ( National Science Open (2023) )"
            " < 100 µm ( National Science Open (2023) ) 0.28 MPa ( Su et al. (2022) )",
        ),
        (
            "polymer-hot-pressing",
            "3 120 °C ( Polymers (2018) ) — Dry room ( National Science Open (2023) ) — —",
        ),
        (
            "in-situ-aloft3-pdol",
            "1 room temperature ( Confined in-situ polymerization of… (n.d.) ) —"
            " Inside the sealed cell ( Zhao et al. (2019) ) dry room — —",
        ),
        (
            "in-situ-thermal-pvca",
            "1 elevated temperature ( Confined in-situ polymerization of… (n.d.) ) —"
            " Inside the sealed cell ( Advanced Science (2017) ) dry room — —",
        ),
        (
            "in-situ-lipf6-dol-gelation",
            "1 ambient temperature ( Liu et al. (2018) ) — Inside the sealed cell ( Liu et al. (2018) ) dry room — —",
        ),
    ],
)
def test_curated_conditions_reach_the_page(knowledge, client, slug, tail):
    html = client.get("/processing/").content.decode()
    assert _row_text(html, slug).endswith(tail), _row_text(html, slug)


def test_route_card_shows_the_thickness_and_where_it_comes_from(knowledge, client):
    text = _text(client.get("/processing/"))
    card = text[text.index("Solid-state reaction and sintering of garnet LLZO Solid-state reaction and sintering") :]
    card = card[: card.index("Source:") + 60]
    assert "Thickness reached ≥ 200 µm" in card
    assert "the floor of 200 µm is the perspective's (nso2023-solid-electrolytes-perspective" in card
    assert "Source: Murugan et al. (2007)" in card


def test_each_condition_cites_its_own_source_or_the_routes_reference(routes, client):
    from electrolytes.models import RouteConditionSource

    sinter = routes[0]
    sinter.reference = factories.reference("route-paper", title="Pellet study", authors=["Route, Rita", "Other, O."])
    sinter.save()
    temperature_paper = factories.reference("kiln-paper", title="Kiln study", authors=["Kiln, Karl"], year=2019)
    RouteConditionSource.objects.create(
        route=sinter, field="peak_temperature_k", reference=temperature_paper, note='"sintered at 1230 °C"'
    )
    html = client.get("/processing/").content.decode()
    row = re.search(r'<tr data-route="sinter">(.*?)</tr>', html, flags=re.S).group(1)
    cites = dict(re.findall(r'<small class="cite" data-field="(\w+)">\(<a href="([^"]+)">', row))
    assert cites == {
        "peak_temperature_k": temperature_paper.get_absolute_url(),  # its own source
        "duration_h": sinter.reference.get_absolute_url(),  # no row: the route's reference
        "atmosphere": sinter.reference.get_absolute_url(),
        "electrolyte_thickness_um": sinter.reference.get_absolute_url(),
        "stack_pressure_mpa": sinter.reference.get_absolute_url(),
    }
    assert _row_text(html, "sinter").endswith(
        "1230 °C ( Kiln (2019) ) 36 h ( Route et al. (2020) ) Ambient air ( Route et al. (2020) )"
        " ≥ 200 µm ( Route et al. (2020) ) 5 MPa ( Route et al. (2020) )"
    )
    # The route's card names the same sources beside its figures.
    card = re.search(r'<article class="card" id="route-sinter">(.*?)</article>', html, flags=re.S).group(1)
    card_cites = re.findall(r'<small class="cite" data-field="(\w+)">\(<a href="[^"]+">([^<]+)</a>', card)
    assert card_cites == [
        ("peak_temperature_k", "Kiln (2019)"),
        ("duration_h", "Route et al. (2020)"),
        ("electrolyte_thickness_um", "Route et al. (2020)"),
        ("stack_pressure_mpa", "Route et al. (2020)"),
    ]


def test_a_condition_without_any_reference_shows_no_citation(routes, client):
    html = client.get("/processing/").content.decode()
    row = re.search(r'<tr data-route="cast">(.*?)</tr>', html, flags=re.S).group(1)
    assert 'class="cite"' not in row


def test_in_situ_cards_give_the_temperature_in_words_and_its_source(knowledge, client):
    # No text read gives a curing figure for the in-situ routes: their cards say so rather than show a number.
    html = client.get("/processing/").content.decode()
    card = re.search(r'<article class="card" id="route-in-situ-thermal-pvca">(.*?)</article>', html, flags=re.S)
    card = card.group(1)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", card)).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    cited = "( Confined in-situ polymerization of… (n.d.) )"
    assert f"Peak temperature elevated temperature (no figure given) {cited}" in text
    assert "Duration" not in text
    assert "the curing temperature and time of Chai et al. (2017) were not available to check" in text
    cites = dict(re.findall(r'<small class="cite" data-field="(\w+)">\(<a href="([^"]+)">', card))
    assert cites == {"temperature_note": "/references/confined-pdol-pvca-in-situ/"}
