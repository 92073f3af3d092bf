"""One error shape for every error: exact bodies for bad input, unknown paths, methods and throttling."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from electrolytes.material_parameters import sort_keys
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
        ("ordering=density", "ordering", f"Unknown ordering field 'density'; choose from: {', '.join(sort_keys())}."),
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


# --- Issue 14: requests that were server errors, and the API's edges -------------------------------

HUGE = "Li" + "9" * 310


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        (f"{URL}?formula=Li1e309", "formula", "Formula 'Li1e309' has an amount above 1,000,000."),
        (f"{URL}?formula={HUGE}", "formula", f"Formula {HUGE[:57] + '...'!r} is longer than 200 characters."),
        (f"{URL}?formula=Li{'9' * 100}", "formula",
         f"Formula {'Li' + '9' * 55 + '...'!r} has an amount above 1,000,000."),
        ("/api/v1/measurements/?property=%25", "property", "Unknown property '%'."),
        ("/api/v1/measurements/?is_derived=%25", "is_derived", "'%' is not true or false."),
        ("/api/v1/references/?doi=%25", "doi", "'%' is not a DOI (expected 10.<registrant>/<suffix>)."),
        ("/api/v1/references/?doi=%25s%25d", "doi", "'%s%d' is not a DOI (expected 10.<registrant>/<suffix>)."),
    ],
)  # fmt: skip
def test_former_server_errors_are_400_naming_the_parameter(kb, anonymous_client, url, field, message):
    response = anonymous_client.get(url)
    assert (response.status_code, response.json()) == (400, error(400, field, message))


def test_curator_formula_with_a_huge_amount_is_a_400(kb, curator_client):
    payload = {"name": "X", "formula": "Li1e309Cl", "electrolyte_class": "sulfide"}
    response = curator_client.post(URL, payload, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        error(400, "formula", "Formula 'Li1e309Cl' has an amount above 1,000,000."),
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/materials/"),
        ("patch", "/api/v1/materials/lps/"),
        ("put", "/api/v1/references/kamaya2011/"),
        ("post", "/api/v1/measurements/"),
        ("post", "/api/v1/classes/"),
    ],
)
def test_json_nested_5000_deep_is_a_400_on_every_write(kb, curator_client, method, path):
    body = '{"name": ' + "[" * 5000 + "]" * 5000 + "}"
    response = getattr(curator_client, method)(path, body, content_type="application/json")
    assert (response.status_code, response.json()) == (
        400,
        error(400, None, "JSON parse error - nested deeper than 32 levels.", code="parse_error"),
    )
    assert kb.lps.__class__.objects.get(pk=kb.lps.pk).name == "LPS"


def test_json_nested_just_past_the_limit_is_refused_and_at_it_accepted():
    from api.parsers import MAX_JSON_DEPTH, json_depth

    assert json_depth({"components": [{"name": "PEO"}]}) == 3
    assert json_depth([[[]]]) == 3 and json_depth(1) == 0
    nested: list = []
    for _ in range(MAX_JSON_DEPTH):
        nested = [nested]
    assert json_depth(nested) == MAX_JSON_DEPTH + 1


def test_form_and_multipart_bodies_are_415(kb, curator_client):
    response = curator_client.patch(
        "/api/v1/materials/lps/", "name=Other", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert kb.lps.__class__.objects.get(pk=kb.lps.pk).name == "LPS"


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("/api/v1/classes/?dataset=x", "page, page_size, category, ordering, format"),
        (
            "/api/v1/references/?dataset=x",
            "page, page_size, q, doi, kind, year_min, year_max, ordering, format",
        ),
        ("/api/v1/materials/lps/?dataset=x", "fields, format"),
        ("/api/v1/classes/oxide/?dataset=x", "format"),
    ],
)
def test_unknown_parameters_are_a_400_listing_the_accepted_ones(kb, anonymous_client, url, accepted):
    response = anonymous_client.get(url)
    message = f"Unknown parameter 'dataset'; accepted: {accepted}."
    assert (response.status_code, response.json()) == (400, error(400, "dataset", message))


def test_unknown_material_parameter_lists_every_search_parameter(kb, anonymous_client):
    response = anonymous_client.get(f"{URL}?dataset=x&elements=Li")
    message = response.json()["error"]["fields"]["dataset"][0]
    accepted = message.removeprefix("Unknown parameter 'dataset'; accepted: ").removesuffix(".").split(", ")
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    documented = [p["name"] for p in schema["paths"][URL]["get"]["parameters"]]
    # What the schema documents is what is accepted (status=: only curators, see below).
    assert sorted(set(accepted) - {"status"}) == sorted(documented)
    assert "ionic_conductivity_min" in accepted and "page_size" in accepted


def test_schema_documents_status_for_curators_only(kb, anonymous_client, curator_client):
    def names(client):
        schema = client.get("/api/v1/schema/?format=json").json()
        return {p["name"] for p in schema["paths"][URL]["get"]["parameters"]}

    assert names(curator_client) - names(anonymous_client) == {"status"}


@pytest.mark.parametrize("persona", ["anonymous_client", "reader_client"])
def test_status_from_a_non_curator_is_a_400(request, kb, persona):
    response = request.getfixturevalue(persona).get(f"{URL}?status=draft")
    message = "Only curators can filter by status; everyone else sees published materials only."
    assert (response.status_code, response.json()) == (400, error(400, "status", message))


@pytest.mark.parametrize("path", ["/api/", "/api/v2/materials/", "/api/v1/nothing/", "/api/v1"])
def test_unknown_api_paths_are_json_404s(client, db, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert response.json() == error(404, None, "No such API endpoint.", code="not_found")


def test_post_to_an_unknown_api_path_with_a_session_cookie_is_a_json_404(curator_client, db):
    client = curator_client
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/nothing/", {})
    assert response.status_code == 404
    assert response.json() == error(404, None, "No such API endpoint.", code="not_found")


def test_csrf_failure_under_api_is_in_the_error_shape(kb, curator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.post(URL, {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == error(403, None, "CSRF Failed: CSRF cookie not set.", code="permission_denied")


def test_csrf_failure_view_answers_json_under_api_and_html_elsewhere(rf):
    from api.exceptions import csrf_failure

    api = csrf_failure(rf.post("/api/v1/anything/"), reason="CSRF cookie not set.")
    assert (api.status_code, api["Content-Type"]) == (403, "application/json")
    assert json.loads(api.content) == error(403, None, "CSRF Failed: CSRF cookie not set.", code="permission_denied")
    page = csrf_failure(rf.post("/admin/login/"), reason="CSRF cookie not set.")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


def test_schema_bounds_match_the_validation(kb, anonymous_client):
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        parameters = {p["name"]: p["schema"] for p in operations.get("get", {}).get("parameters", [])}
        if "page_size" in parameters:
            assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}, path
            assert parameters["page"] == {"type": "integer", "minimum": 1}, path
        assert operations.get("get", {}).get("security", [{}])[-1] == {}, f"{path}: reads need no credentials"
    material = {p["name"]: p["schema"] for p in schema["paths"][URL]["get"]["parameters"]}
    assert material["temperature_min"] == {"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": True}
    assert material["nelements_min"] == {"type": "integer", "minimum": 0}
    assert list(schema["paths"][URL]["post"]["requestBody"]["content"]) == ["application/json"]
    assert {"tokenAuth": []} in schema["paths"][URL]["post"]["security"]
    assert {} not in schema["paths"][URL]["post"]["security"]
    # An empty ordering is no ordering: the default order, not a 400.
    assert anonymous_client.get(f"{URL}?ordering=").status_code == 200
    assert anonymous_client.get("/api/v1/measurements/?ordering=").status_code == 200


def test_undeclared_method_is_a_405_even_with_a_format(kb, anonymous_client):
    response = anonymous_client.generic("TRACE", f"{URL}?format=csv")
    assert (response.status_code, response.json()) == (
        405,
        error(405, None, 'Method "TRACE" not allowed.', code="method_not_allowed"),
    )


def test_api_path_with_a_newline_is_a_json_404(db, anonymous_client):
    response = anonymous_client.put("/api/v1/families/a%0Ab/", "{}", content_type="application/json")
    assert (response.status_code, response.json()) == (404, error(404, None, "No such API endpoint.", code="not_found"))


def test_number_filters_take_any_finite_number(kb, anonymous_client):
    assert anonymous_client.get("/api/v1/processing-routes/?peak_temperature_max=1e219").status_code == 200
    response = anonymous_client.get("/api/v1/measurements/?temperature_min=1e999")
    assert (response.status_code, response.json()) == (400, error(400, "temperature_min", "Enter a number."))


def test_fields_and_empty_values_in_the_schema(kb, anonymous_client):
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/measurements/"]["get"]["parameters"]}
    assert params["fields"]["schema"]["items"]["enum"][:3] == ["id", "url", "material"]
    assert params["fields"]["explode"] is False
    assert params["method"]["schema"]["enum"][-1] == ""  # an empty value is the parameter left out
    assert anonymous_client.get("/api/v1/measurements/?method=&ordering=&fields=").status_code == 200
    assert "required" not in schema["components"]["schemas"]["Measurement"]
    assert "required" in schema["components"]["schemas"]["Reference"]


def test_method_a_route_lacks_is_a_405_before_the_format_is_checked(kb, curator_client):
    response = curator_client.put(f"{URL}?format=csv", "{}", content_type="application/json")
    assert (response.status_code, response.json()) == (
        405,
        error(405, None, 'Method "PUT" not allowed.', code="method_not_allowed"),
    )


def test_numeric_text_in_a_body_is_a_400(kb, curator_client):
    payload = {"name": 123, "formula": "Li3YCl6", "electrolyte_class": "sulfide"}
    response = curator_client.post(URL, payload, content_type="application/json")
    assert (response.status_code, response.json()) == (400, error(400, "name", "Not a valid string."))
    response = curator_client.post("/api/v1/classes/", {"slug": "gel", "name": 5, "category": "polymer"},
                                   content_type="application/json")  # fmt: skip
    assert (response.status_code, response.json()) == (400, error(400, "name", "Not a valid string."))


def test_request_bodies_require_non_blank_text(kb, anonymous_client):
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    body = schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert component["properties"]["name"]["minLength"] == 1
