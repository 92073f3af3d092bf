"""Bad parameters (exact bodies), the page and CSV, and query counts constant in the number of materials."""

from __future__ import annotations

import csv
import io

import pytest

from electrolytes.models import Material
from tests import factories
from tests.screening.conftest import add_route

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/"
ACCEPTED = (
    "anode, cathode_voltage, operating_temperature, atmosphere, max_processing_temperature, max_thickness, "
    "existing_cell_line, min_conductivity, electrolyte_class, limit, format"
)


def error(field: str, message: str) -> dict:
    return {"error": {"status": 400, "code": "invalid", "message": f"{field}: {message}", "fields": {field: [message]}}}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"anode": "coal"}, "anode", '"coal" is not a valid choice.'),
        ({"atmosphere": "mars"}, "atmosphere", '"mars" is not a valid choice.'),
        ({"cathode_voltage": "high"}, "cathode_voltage", "A valid number is required."),
        ({"cathode_voltage": "nan"}, "cathode_voltage", "A valid number is required."),
        ({"min_conductivity": "inf"}, "min_conductivity", "A valid number is required."),
        ({"cathode_voltage": "11"}, "cathode_voltage", "Ensure this value is less than or equal to 10."),
        ({"operating_temperature": "25"}, "operating_temperature",
         "Ensure this value is greater than or equal to 150."),
        ({"max_thickness": "-1"}, "max_thickness", "Ensure this value is greater than or equal to 0.1."),
        ({"existing_cell_line": "perhaps"}, "existing_cell_line", "Must be a valid boolean."),
        ({"limit": "0"}, "limit", "Ensure this value is greater than or equal to 1."),
        ({"electrolyte_class": "glass"}, "electrolyte_class", "Unknown class 'glass'; choose from: oxide, sulfide, "
         "halide, solid-polymer."),
        ({"temperature": "300"}, "temperature", f"Unknown parameter 'temperature'; accepted: {ACCEPTED}."),
    ],
)  # fmt: skip
def test_a_bad_parameter_is_a_400_naming_it(cell, anonymous_client, params, field, message):
    response = anonymous_client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == error(field, message)


def test_empty_parameters_are_not_given(cell, anonymous_client):
    body = anonymous_client.get(URL, {"anode": "", "cathode_voltage": "", "existing_cell_line": ""}).json()
    assert body["requirements"]["anode"] == {"value": None, "potential": None, "unit": "V"}
    assert body["requirements"]["existing_cell_line"] == {"value": None}
    assert all(c["criteria"] == [] and not c["ruled_out"] for c in body["classes"])
    assert list(body) == ["requirements", "classes", "materials"]


def test_existing_cell_line_rules_out_the_classes_rated_minus_two(cell, anonymous_client):
    body = anonymous_client.get(URL, {"existing_cell_line": "true"}).json()
    assert [c["slug"] for c in body["classes"] if c["ruled_out"]] == ["oxide"]  # the others are -1 or unrated
    assert body["requirements"]["existing_cell_line"] == {"value": True}


def test_the_endpoint_is_in_the_schema(anonymous_client, db):
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/screening/"]["get"]
    assert sorted(p["name"] for p in operation["parameters"]) == sorted(ACCEPTED.split(", ")[:-1])
    assert set(operation["responses"]) == {"200", "400", "404", "429"}


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_takes_celsius_and_shows_verdicts_checks_and_links(cell, anonymous_client):
    response = anonymous_client.get(
        "/screening/",
        {"anode": "lithium-metal", "cathode_voltage": "4.3", "operating_temperature": "25", "atmosphere": "dry-room"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    result = response.context["result"]
    assert result.requirements.operating_temperature == pytest.approx(298.15)
    assert [v.slug for v in result.classes] == ["oxide", "halide", "sulfide", "solid-polymer"]
    assert "Halide is rated -2 on Li-metal compatibility, which this cell makes decisive" in page
    assert page.count("Ruled out") == 3
    assert [row.material.slug for row in result.materials] == ["llzo", "lpscl", "lic", "peo"]
    assert 'href="/compare/?materials=llzo,lpscl,lic,peo"' in page
    assert ("/screening.csv?anode=lithium-metal&amp;cathode_voltage=4.3&amp;operating_temperature=25"
            "&amp;atmosphere=dry-room") in page  # fmt: skip
    assert 'href="/references/garnet-li/"' in page
    assert 'data-check="moisture"><strong>pass</strong>' in page
    assert 'value="4.3"' in page  # the form keeps what was asked


def test_a_bad_page_parameter_is_a_400_shown_on_the_field(cell, anonymous_client):
    response = anonymous_client.get("/screening/", {"operating_temperature": "hot"})
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    assert response.context["result"] is None


def test_the_csv_lists_the_ranked_table(cell, anonymous_client):
    response = anonymous_client.get("/screening.csv", {"cathode_voltage": "4.3", "atmosphere": "ambient-air"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["rank"], r["name"], r["oxidation_status"], r["moisture_status"]) for r in rows] == [
        ("1", "LLZO", "pass", "pass"),
        ("2", "LIC", "pass", "unknown"),
        ("3", "LPSCl", "fail", "fail"),
        ("4", "PEO-LiTFSI", "unknown", "unknown"),
    ]
    assert rows[0]["oxidation_value"] == "6" and rows[0]["oxidation_source"] == "Paper A (2020)"
    assert rows[0]["reduction_status"] == ""  # no anode asked: no check
    bad = anonymous_client.get("/screening.csv", {"anode": "coal"})
    assert bad.status_code == 400
    assert bad.content.decode() == "anode: Select a valid choice. coal is not one of the available choices.\n"


def test_the_entry_points_link_to_the_page(cell, anonymous_client):
    from electrolytes.models import Criterion

    matrix = anonymous_client.get("/classes/").content.decode()
    assert Criterion.objects.count() > 0
    # the menu, the entry link above the matrix, and one on every criterion row
    assert matrix.count('<a class="screen-link" href="/screening/"') == Criterion.objects.count()
    assert matrix.count('href="/screening/"') == Criterion.objects.count() + 2
    assert 'href="/screening/?electrolyte_class=oxide"' in anonymous_client.get("/materials/llzo/").content.decode()


# --- Query counts ---------------------------------------------------------------------------------------


def _grow(n: int, start: int = 0) -> None:
    ref = factories.reference("bulk")
    for i in range(start, start + n):
        material = factories.material(f"Bulk {i}", "Li7La3Zr2O12", electrolyte_class_slug="oxide", slug=f"bulk-{i}")
        factories.measurement(material, "ionic_conductivity", 1e-4, "S/cm", temperature=298, ref=ref)
        factories.measurement(material, "ionic_conductivity", 1e-3, "S/cm", temperature=353, ref=ref)
        factories.measurement(material, "oxidation_limit", 5, "V", ref=ref)
        factories.measurement(material, "moisture_stability", 3, "level", ref=ref)
        factories.measurement(material, "lithium_metal_stability", 2, "level", ref=ref)
        factories.measurement(material, "film_thickness", 40, "um", ref=ref)
        add_route(material, f"bulk-route-{i}", 1000, ref)


EVERYTHING = {
    "anode": "lithium-metal",
    "cathode_voltage": "4.3",
    "atmosphere": "ambient-air",
    "max_processing_temperature": "600",
    "max_thickness": "50",
    "min_conductivity": "1e-4",
    "existing_cell_line": "true",
}


@pytest.mark.parametrize(
    ("url", "params", "queries"),
    [
        # class slugs check, classes, criteria, matrix, its references, measurements, routes, materials, shown rows
        (URL, {**EVERYTHING, "operating_temperature": "298.15", "electrolyte_class": "oxide"}, 9),
        # + nearest conductivities and fits away from room temperature (no class check)
        (URL, {**EVERYTHING, "operating_temperature": "353"}, 10),
        # the page: the form's class choices, then as the API
        ("/screening/", {**EVERYTHING, "operating_temperature": "80", "electrolyte_class": "oxide"}, 11),
        ("/screening.csv", {**EVERYTHING, "operating_temperature": "80"}, 11),
    ],
)
def test_queries_do_not_grow_with_the_materials(
    cell, anonymous_client, django_assert_num_queries, url, params, queries
):
    _grow(2)
    with django_assert_num_queries(queries):
        first = anonymous_client.get(url, params)
    assert first.status_code == 200
    _grow(10, start=2)
    with django_assert_num_queries(queries):
        second = anonymous_client.get(url, params)
    assert second.status_code == 200
    assert Material.objects.filter(slug__startswith="bulk-").count() == 12
