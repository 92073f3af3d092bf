"""The OpenAPI schema and its documentation pages, served without any outside host."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(properties, anonymous_client) -> dict:
    response = anonymous_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _parameters(schema: dict, path: str) -> dict[str, str]:
    return {p["name"]: p.get("description", "") for p in schema["paths"][path]["get"]["parameters"]}


def test_every_material_parameter_is_documented_with_its_unit(schema):
    params = _parameters(schema, "/api/v1/materials/")
    assert params["temperature_min"].startswith("Lowest measurement temperature in K")
    assert "default: room temperature, 293-303 K" in params["temperature_min"]
    assert params["ionic_conductivity_min"].startswith("Smallest ionic conductivity in S/cm measured within")
    assert params["activation_energy_max"].startswith("Largest activation energy in eV")
    assert params["oxidation_limit_min"].startswith("Smallest electrochemical window, upper limit in V")
    for key in ("shear_modulus", "decomposition_temperature", "moisture_stability", "film_thickness"):
        assert f"{key}_min" in params and f"{key}_max" in params
    for name in (
        "elements",
        "exclude_elements",
        "chemsys",
        "formula",
        "nelements_min",
        "nelements_max",
        "electrolyte_class",
        "family",
        "q",
        "ordering",
        "fields",
        "page",
        "page_size",
        "format",
    ):
        assert params[name], name  # fmt: skip
    assert all(description for description in params.values())


def test_measurement_parameters_are_documented(schema):
    params = _parameters(schema, "/api/v1/measurements/")
    assert params["temperature_min"] == "Lowest measurement temperature in K."
    assert set(params) >= {"material", "property", "reference", "source_dataset", "value_min", "value_max"}


def test_errors_and_formats_are_in_the_schema(schema):
    operation = schema["paths"]["/api/v1/materials/"]["get"]
    assert set(operation["responses"]) == {"200", "400", "404", "429"}
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    post = schema["paths"]["/api/v1/materials/"]["post"]
    assert set(post["responses"]) == {"201", "400", "401", "403", "404", "415", "429"}
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MaterialWriteRequest"
    }
    bibtex = schema["paths"]["/api/v1/references/{key}/"]["get"]["responses"]["200"]["content"]
    assert set(bibtex) == {"application/json", "application/x-bibtex"}


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_documentation_pages_load_assets_from_this_server(anonymous_client, page):
    html = anonymous_client.get(page).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    assert any("drf_spectacular_sidecar" in source for source in sources)


def test_browsable_api_is_on(kb, anonymous_client):
    response = anonymous_client.get("/api/v1/materials/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Material List" in response.content.decode()
