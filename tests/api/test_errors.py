"""One error shape for every error: exact bodies for bad input, unknown paths, methods and throttling."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from electrolytes.selectors import ORDERINGS
from tests.api.helpers import error

pytestmark = pytest.mark.django_db

URL = "/api/v1/materials/"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("elements=Li,Xx", "elements", "Unknown element 'Xx'."),
        ("exclude_elements=Qq", "exclude_elements", "Unknown element 'Qq'."),
        ("chemsys=Li-Zz", "chemsys", "Unknown element 'Zz'."),
        ("formula=Li2Xy", "formula", "Unknown element 'Xy' in formula 'Li2Xy'."),
        ("formula=((", "formula", "Formula '((' cannot be parsed."),
        ("nelements_min=three", "nelements_min", "'three' is not a whole number."),
        ("nelements_min=5&nelements_max=2", "nelements_min", "nelements_min (5) is above nelements_max (2)."),
        ("ionic_conductivity_min=abc", "ionic_conductivity_min", "'abc' is not a number."),
        ("ionic_conductivity_min=inf", "ionic_conductivity_min", "'inf' is not a finite number."),
        (
            "ionic_conductivity_min=1&ionic_conductivity_max=0.1",
            "ionic_conductivity_min",
            "ionic_conductivity_min (1) is above ionic_conductivity_max (0.1).",
        ),
        ("temperature_min=-5", "temperature_min", "Temperature -5 K is at or below absolute zero."),
        (
            "temperature_min=400&temperature_max=300",
            "temperature_min",
            "temperature_min (400) is above temperature_max (300).",
        ),
        ("electrolyte_class=nitride", "electrolyte_class", "Unknown electrolyte class 'nitride'."),
        ("family=perovskite", "family", "Unknown family 'perovskite'."),
        ("kind=gel", "kind", "Unknown kind 'gel'; choose from: compound, mixture."),
        ("ordering=density", "ordering", f"Unknown ordering field 'density'; choose from: {', '.join(ORDERINGS)}."),
        ("q=" + "x" * 201, "q", "Search text is longer than 200 characters."),
        ("page_size=501", "page_size", "Page size 501 is outside 1 to 500."),
        ("page_size=0", "page_size", "Page size 0 is outside 1 to 500."),
        ("page_size=ten", "page_size", "'ten' is not a whole number."),
        ("page=zero", "page", "'zero' is not a whole number."),
        ("page=0", "page", "Page 0 does not exist; pages start at 1."),
        ("format=xml", "format", "Unknown format 'xml'; choose from: json, api, csv."),
        ("elements=Li%00", "elements", "Must not contain NUL characters."),
        ("electrolyte_class=%00", "electrolyte_class", "Must not contain NUL characters."),
    ],
)
def test_bad_material_query_is_a_400_naming_the_parameter(kb, anonymous_client, query, field, message):
    response = anonymous_client.get(f"{URL}?{query}")
    assert (response.status_code, response.json()) == (400, error(400, field, message))


def test_unknown_field_in_fields_parameter(kb, anonymous_client):
    response = anonymous_client.get(f"{URL}?fields=slug,density")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["fields"][0].startswith(
        "Unknown field 'density'; choose from: url, slug,"
    )


def test_several_bad_parameters_are_all_named(kb, anonymous_client):
    response = anonymous_client.get(f"{URL}?elements=Xx&ionic_conductivity_max=high")
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "elements: Unknown element 'Xx'.",
            "fields": {"elements": ["Unknown element 'Xx'."], "ionic_conductivity_max": ["'high' is not a number."]},
        }
    }


def test_page_past_the_end_is_a_404(kb, anonymous_client):
    response = anonymous_client.get(f"{URL}?page=9")
    assert (response.status_code, response.json()) == (404, error(404, None, "Invalid page.", code="not_found"))


def test_missing_records_and_paths_are_404_in_the_error_shape(kb, anonymous_client):
    for url in (f"{URL}no-such-material/", "/api/v1/measurements/999999/", "/api/v1/no-such-resource/"):
        response = anonymous_client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404
        assert response.json()["error"]["code"] == "not_found"
    response = anonymous_client.get(f"{URL}lpsbr/")
    assert response.json() == error(404, None, "Not found.", code="not_found")
    assert anonymous_client.get("/api/v1/nothing/").json() == error(
        404, None, "No such API endpoint.", code="not_found"
    )


def test_unsupported_method_is_405(kb, curator_client):
    response = curator_client.post(f"{URL}lgps/", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == error(405, None, 'Method "POST" not allowed.', code="method_not_allowed")
    assert response["Allow"] == "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"


def test_malformed_json_body(kb, curator_client):
    response = curator_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert response.json()["error"]["message"].startswith("JSON parse error")


def test_errors_stay_json_when_csv_was_asked_for(kb, anonymous_client):
    response = anonymous_client.get(f"{URL}?format=csv&elements=Xx")
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(400, "elements", "Unknown element 'Xx'.")


def test_throttled_request_says_when_to_retry(kb, anonymous_client):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"}
    with override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}):
        assert anonymous_client.get("/api/v1/classes/").status_code == 200
        assert anonymous_client.get("/api/v1/classes/").status_code == 200
        response = anonymous_client.get("/api/v1/classes/")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert response.json() == error(
        429, None, f"Request was throttled. Expected available in {wait} seconds.", code="throttled"
    )


def test_curators_have_their_own_higher_rate(kb, curator_client):
    rates = {"anon": "1/min", "user": "3/min"}
    with override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}):
        codes = [curator_client.get("/api/v1/classes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def _rest_framework() -> dict:
    from django.conf import settings

    return dict(settings.REST_FRAMEWORK)
