"""Public pages: content, visibility of drafts, clear errors and a constant number of queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.template.loader import render_to_string

from electrolytes.models import ClassAssessment, Criterion, ProcessingRoute, RouteConditionSource
from tests import factories
from tests.web.data import add_fit, catalogue

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed (for content assertions)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def two(properties):
    return catalogue(2)


@pytest.fixture
def draft(properties):
    material = factories.material("Secret argyrodite", "Li6PS5Br", family_slug="argyrodite", status="draft")
    factories.measurement(material, "ionic_conductivity", 50, "mS/cm", temperature=298.15)
    return material


# --- Query counts: the same at two data sizes ------------------------------------------------------

PAGES = {
    "/": 3,
    "/materials/": 5,
    "/materials.csv": 2,
    "/materials/argyrodite-00/": 9,  # + its crystal structures
    "/compare/?materials={first_eight}": 5,
    "/classes/": 5,
    "/classes/sulfide/": 5,
    "/processing/": 2,  # routes, then the sources of their conditions
    "/explore/": 3,
    "/references/": 2,
    "/references/argyrodite-00/": 6,
}


@pytest.mark.parametrize("size", [2, 9])
@pytest.mark.parametrize(("path", "queries"), PAGES.items())
def test_query_count_does_not_grow_with_the_data(size, path, queries, properties, client, django_assert_num_queries):
    materials = catalogue(size)
    factories.material("Secret argyrodite", "Li6PS5Br", family_slug="argyrodite", status="draft")
    # The first material's own rows grow with the size too: values, sources, fits, processing routes.
    first = materials[0]
    for i in range(size):
        factories.measurement(
            first, "ionic_conductivity", 2 + i, "mS/cm", temperature=30 + 5 * i, temperature_unit="degC"
        )
        route = ProcessingRoute.objects.create(
            slug=f"route-{i}",
            name=f"Route {i}",
            route_type="solid_state",
            mode="ex_situ",
            electrolyte_class=first.electrolyte_class,
            material=first,
            reference=factories.reference(),
            peak_temperature_k=1000 + i,
            duration_h=i,
        )
        RouteConditionSource.objects.create(route=route, field="peak_temperature_k", reference=factories.reference())
        criterion = Criterion.objects.create(slug=f"criterion-{i}", name=f"Criterion {i}", display_order=i)
        cell = ClassAssessment.objects.create(
            electrolyte_class=first.electrolyte_class, criterion=criterion, rating=1, explanation="Fine."
        )
        cell.references.add(factories.reference())
    add_fit(first, model="vtf", t0=150.0, source=first.fits.get().source, preferred=False)
    url = path.format(first_eight=",".join(m.slug for m in materials[:8]))
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


# --- Home --------------------------------------------------------------------------------------------


def test_home_counts_published_records_and_offers_search(two, draft, client):
    text = _text(client.get("/"))
    # The draft's own reference (cited by nothing else) is not counted: it is as private as the draft.
    assert "2 materials, 6 measurements and 2 references." in text
    assert '<form method="get" action="/materials/" class="search" role="search">' in client.get("/").content.decode()


# --- Material list ------------------------------------------------------------------------------------


def test_material_list_rows(two, draft, client):
    response = client.get("/materials/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>2</strong> materials." in html
    assert "Secret argyrodite" not in html
    row = re.search(r'<tr>\s*<td><input type="checkbox" name="materials" value="argyrodite-01".*?</tr>', html, re.S)
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0))).split("  ")
    assert " ".join(c.strip() for c in cells if c.strip()) == (
        "Add Argyrodite 01 to compare Argyrodite 01 Li 6 PS 5 Cl Sulfide Argyrodite 2 × 10 −3 1 source 0.3 —"
    )
    assert 'href="/materials.csv?"' not in html and 'href="/materials.csv"' in html


def test_material_list_filters_and_keeps_them_in_links(two, properties, client):
    oxide = factories.material("Garnet LLZO", "Li7La3Zr2O12", electrolyte_class_slug="oxide")
    response = client.get("/materials/", {"elements": "La", "ordering": "-conductivity"})
    names = re.findall(r'<th scope="row"><a href="/materials/[-\w]+/">([^<]+)</a>', response.content.decode())
    assert names == [oxide.name]
    assert 'href="/materials.csv?elements=La&amp;ordering=-conductivity"' in response.content.decode()
    response = client.get("/materials/", {"ionic_conductivity_min": "1.5e-3"})
    names = re.findall(r'<th scope="row"><a href="/materials/[-\w]+/">([^<]+)</a>', response.content.decode())
    assert names == ["Argyrodite 01"]


def test_material_list_bad_filters_give_400_with_messages_next_to_the_fields(two, client):
    response = client.get("/materials/", {"elements": "Li,Qq", "temperature_min": "400", "temperature_max": "300"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="field-error" id="e-elements">Unknown element &#x27;Qq&#x27;.</p>' in html
    assert (
        '<p class="field-error" id="e-temperature_min">temperature_min (400) is above temperature_max (300).</p>'
        in html
    )
    assert 'id="f-elements" name="elements" value="Li,Qq"' in html
    assert "No materials match" not in html


def test_material_list_empty_state(two, client):
    text = _text(client.get("/materials/", {"q": "nothing-like-this-exists"}))
    assert "No materials match these filters" in text
    assert "Download" not in text


def test_material_list_preselects_materials_to_compare(two, client):
    html = client.get("/materials/", {"compare": "argyrodite-00,elsewhere"}).content.decode()
    assert 'value="argyrodite-00" form="compare-form" id="cmp-argyrodite-00" checked' in html
    assert '<input type="hidden" name="materials" value="elsewhere">' in html
    assert '<input type="hidden" name="compare" value="argyrodite-00,elsewhere">' in html


def test_csv_has_the_rows_of_the_list_in_the_same_order(two, draft, client):
    response = client.get("/materials.csv", {"ordering": "-conductivity"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:7] == [
        "name",
        "formula",
        "reduced_formula",
        "electrolyte_class",
        "family",
        "kind",
        "ionic_conductivity_S_per_cm",
    ]
    assert [r[:11] for r in rows[1:]] == [
        [
            "Argyrodite 01",
            "Li6PS5Cl",
            "Li6PS5Cl",
            "Sulfide",
            "Argyrodite",
            "compound",
            "0.002",
            "293-303",
            "0.3",
            "",
            "",
        ],
        [
            "Argyrodite 00",
            "Li6PS5Cl",
            "Li6PS5Cl",
            "Sulfide",
            "Argyrodite",
            "compound",
            "0.001",
            "293-303",
            "0.3",
            "",
            "",
        ],
    ]
    assert rows[1][11] == "http://testserver/materials/argyrodite-01/"


def test_csv_bad_parameters_are_named(client, properties):
    response = client.get("/materials.csv", {"ordering": "colour"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "ordering: Unknown ordering field 'colour'; choose from: name, formula, nelements, electrolyte_class, "
        "conductivity, activation_energy, oxidation_limit, updated, created.\n"
    )


# --- Material page ---------------------------------------------------------------------------------------


def test_material_page_shows_values_sources_fit_and_chart(two, client):
    response = client.get("/materials/argyrodite-00/")
    html = response.content.decode()
    text = _text(response)
    assert "<title>Argyrodite 00 · Electrolyte KB</title>" in html
    assert "Li<sub>6</sub>PS<sub>5</sub>Cl" in html
    assert "10 −3 S/cm 25 °C (298.15 K) Not specified Not specified Argyrodite study 0 (2020) 8 × 10" in text
    assert re.search(r"8 × 10 −3 S/cm 80 °C \(353\.15 K\)", text)
    assert "σ at 25 °C (from the fit) 10 −3 S/cm" in text
    assert "Arrhenius preferred Argyrodite study 0 (2020) Ea 0.3 eV 10 −3 S/cm −13 °C to 107 °C 5 0.995 good" in text
    assert '<script id="arrhenius-data" type="application/json">' in html
    assert '<script src="/static/vendor/plotly-basic.min.js" defer></script>' in html
    assert "Related materials in the Argyrodite family" in text
    assert re.search(r"Argyrodite 01 Li 6 PS 5 Cl 2 × 10 −3 0.3", text)


def test_material_page_without_charts_does_not_load_plotly(properties, client):
    material = factories.material("Plain LiI", "LiI")
    html = client.get(material.get_absolute_url()).content.decode()
    assert "plotly" not in html.split("<footer")[0] + html.split("</footer>")[1]
    assert "No temperature-dependent conductivities for this material" in html
    assert "No measured values for this material yet." in html


def test_mixture_page_lists_components(properties, client):
    material = factories.material(
        "PEO-LiTFSI",
        kind="mixture",
        electrolyte_class_slug="solid-polymer",
        components=[
            {"role": "polymer_host", "name": "PEO", "molecular_weight": 6e5},
            {"role": "lithium_salt", "name": "LiTFSI", "amount": 20, "amount_unit": "wt%"},
        ],
    )
    text = _text(client.get(material.get_absolute_url()))
    assert "Polymer host PEO — 6 × 10 5 g/mol Lithium salt LiTFSI 20 wt% —" in text


@pytest.mark.parametrize("persona", ["anonymous_client", "reader_client"])
def test_drafts_are_404_to_the_public(draft, persona, request):
    response = request.getfixturevalue(persona).get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in _text(response)


def test_curators_see_drafts_with_a_banner(draft, curator_client):
    response = curator_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only curators see this material." in _text(response)


def test_drafts_stay_out_of_every_public_page(two, draft, client):
    for path in ["/materials/", "/materials.csv", "/classes/", "/classes/sulfide/", "/explore/", "/references/"]:
        assert "Secret argyrodite" not in client.get(path).getvalue().decode(), path
    response = client.get(f"/compare/?materials=argyrodite-00,{draft.slug}")
    assert "Secret argyrodite" not in response.content.decode()
    assert f"No published material has the slug <code>{draft.slug}</code>" in response.content.decode()


# --- Compare -------------------------------------------------------------------------------------------


def test_compare_redirects_ticked_rows_to_one_shareable_address(client):
    response = client.get("/compare/?materials=a&materials=b&temperature=330")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?materials=a,b&temperature=330"


def test_compare_table_flags_values_not_at_the_chosen_temperature(two, client):
    response = client.get("/compare/", {"materials": "argyrodite-01,argyrodite-00", "temperature": "353.15"})
    text = _text(response)
    assert response.status_code == 200
    assert re.search(r"Property Argyrodite 01 Sulfide remove Argyrodite 00 Sulfide remove", text)
    assert "Ionic conductivity (S/cm) 9 × 10 −3 S/cm 80 °C 8 × 10 −3 S/cm 80 °C" in text
    response = client.get("/compare/", {"materials": "argyrodite-01,argyrodite-00", "temperature": "320"})
    assert "Ionic conductivity (S/cm) 2 × 10 −3 S/cm at 25 °C 10 −3 S/cm at 25 °C" in _text(response)
    assert "Ionic conductivity from fit (S/cm)" in _text(response)
    assert '<script id="compare-bars-data" type="application/json">' in response.content.decode()


def test_compare_needs_two_materials(two, client):
    text = _text(client.get("/compare/", {"materials": "argyrodite-00"}))
    assert "Choose at least 2 materials" in text
    assert "Chosen so far: Argyrodite 00 ." in text


def test_compare_refuses_more_than_eight_and_bad_temperatures(client, properties):
    response = client.get("/compare/", {"materials": ",".join(f"m{i}" for i in range(9)), "temperature": "hot"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="field-error" id="e-materials">Compare at most 8 materials at once; 9 were given.</p>' in html
    assert '<p class="field-error" id="e-temperature">Enter a number.</p>' in html


# --- Classes ------------------------------------------------------------------------------------------------


@pytest.fixture
def matrix(two):
    ionic = Criterion.objects.create(slug="ionic", name="Ionic conductivity", display_order=1)
    Criterion.objects.create(slug="cost", name="Cost", display_order=2)
    sulfide = factories.electrolyte_class("sulfide")
    factories.electrolyte_class("oxide", order=1)
    cell = ClassAssessment.objects.create(
        electrolyte_class=sulfide, criterion=ionic, rating=2, explanation="Best of all solids."
    )
    cell.references.add(
        factories.reference("kamaya2011", title="A lithium superionic conductor", authors=["Kamaya, N.", "Homma, K."])
    )
    return cell


def test_class_matrix_cells_and_live_rows(matrix, client):
    html = client.get("/classes/").content.decode()
    text = _text(client.get("/classes/"))
    assert "Criterion Sulfide Inorganic Oxide Inorganic" in text
    assert "Ionic conductivity screen ++ Clear strength Best of all solids. Kamaya et al. (2020) n/a" in text
    assert "Cost screen n/a n/a" in text
    assert "Materials in the knowledge base 2 0" in text
    assert "Median σ, 20 °C to 30 °C (S/cm) 1.5 × 10 −3 2 materials —" in text
    assert "Best σ, 20 °C to 30 °C (S/cm) 2 × 10 −3 Argyrodite 01 —" in text
    assert '<td class="rating-clear-strength">' in html


def test_class_page(two, client):
    response = client.get("/classes/sulfide/")
    text = _text(response)
    assert "2 materials with a conductivity measured from 20 °C to 30 °C." in text
    assert re.search(r"Argyrodite 01 Li 6 PS 5 Cl Argyrodite 2 × 10 −3 0.3 Argyrodite 00", text)
    assert client.get("/classes/no-such-class/").status_code == 404


# --- Processing -------------------------------------------------------------------------------------------


def test_processing_marks_reused_cell_line_steps(properties, draft, client):
    polymer = factories.electrolyte_class("in-situ-polymerized", category="polymer")
    ProcessingRoute.objects.create(
        slug="thermal",
        name="Thermal in-situ curing",
        route_type="in_situ_thermal",
        mode="in_situ",
        electrolyte_class=polymer,
        cell_manufacturing_steps=["coating", "stacking/winding", "injection", "sealing", "formation"],
        peak_temperature_k=333.15,
        steps=["Inject precursor", "Cure at 60 °C"],
    )
    ProcessingRoute.objects.create(
        slug="secret",
        name="Secret draft route",
        route_type="solid_state",
        mode="ex_situ",
        electrolyte_class=draft.electrolyte_class,
        material=draft,
    )
    text = _text(client.get("/processing/"))
    # With one visible route every line step is shared, so none is a column.
    assert "Every route listed keeps electrode coating, stacking or winding, electrolyte injection, sealing" in text
    assert "Thermal in-situ curing In Situ Polymerized 0 60 °C — —" in text
    assert "Secret draft route" not in text
    assert "No ex-situ (made before cell assembly) route recorded yet." in text


# --- Explore ----------------------------------------------------------------------------------------------


def test_explore_defaults_and_errors(two, draft, client):
    response = client.get("/explore/")
    assert response.status_code == 200
    assert '<span id="explore-count">2</span> materials with both values' in response.content.decode()
    response = client.get("/explore/", {"x": "colour", "temperature_min": "-5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. colour is not one of the available choices." in html
    assert "Ensure this value is greater than or equal to 1." in html


def test_explore_empty_state(two, client):
    text = _text(client.get("/explore/", {"x": "shear_modulus", "y": "ionic_conductivity"}))
    assert "No material has both values" in text


# --- References ---------------------------------------------------------------------------------------------


def test_reference_pages_and_bibtex(two, draft, client):
    text = _text(client.get("/references/"))
    assert "Argyrodite study 0 (2020) Argyrodite study 0 Journal article 3 0" in text
    response = client.get("/references/argyrodite-00/")
    text = _text(response)
    assert "3 values for 1 material." in text
    assert "Argyrodite 00 Ionic conductivity 10 −3 S/cm 25 °C (298.15 K)" in text
    assert "Argyrodite 00 : Arrhenius, Ea 0.3 eV, σ(25 °C) 10 −3 S/cm" in text
    bib = client.get("/references/argyrodite-00/bibtex/")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib.content.decode() == "@article{argyrodite-00,\n  title = {Argyrodite study 0},\n  year = {2020}\n}\n"
    assert client.get("/references/nope/").status_code == 404


# --- Error pages ----------------------------------------------------------------------------------------------


def test_404_page_helps(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Nothing is published at /no/such/page/ ." in _text(response)


def test_500_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "<title>Server error · Electrolyte KB</title>" in html
    assert "Something went wrong on our side" in html


# --- Former server errors (issue 14) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("formula=Li1e309", "formula", "Formula 'Li1e309' has an amount above 1,000,000."),
        ("formula=Li" + "9" * 310, "formula", f"Formula {'Li' + '9' * 55 + '...'!r} is longer than 200 characters."),
        ("electrolyte_class=%00", "electrolyte_class", "Must not contain NUL characters."),
        ("family=%00", "family", "Must not contain NUL characters."),
        ("q=a%00b", "q", "Must not contain NUL characters."),
        ("status=draft", "status", "Only curators can filter by status; everyone else sees published materials only."),
    ],
)  # fmt: skip
def test_list_and_csv_refuse_hostile_filters_with_a_400(two, client, query, field, message):
    page = client.get(f"/materials/?{query}")
    assert page.status_code == 400
    assert f'<a href="#f-{field}">' in page.content.decode()  # the error summary links the field
    assert f"{field}: {message}" in _text(page).replace(" :", ":").replace("&#x27;", "'")
    csv_response = client.get(f"/materials.csv?{query}")
    assert csv_response.status_code == 400
    assert csv_response.content.decode() == f"{field}: {message}\n"


def test_curators_may_filter_the_list_by_status(two, draft, curator_client):
    response = curator_client.get("/materials/?status=draft")
    assert response.status_code == 200
    assert "Secret argyrodite" in _text(response)
