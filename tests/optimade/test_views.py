"""The OPTIMADE endpoints: exact bodies, errors in OPTIMADE's shape, paging and query counts."""

from __future__ import annotations

import re

import pytest

from api.optimade.responses import SCHEMA_URL
from electrolytes.models import Material, Measurement
from tests import factories

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def body(response) -> dict:
    """The JSON body with meta.time_stamp checked for shape and removed."""
    data = response.json()
    assert STAMP.match(data["meta"].pop("time_stamp"))
    return data


def meta(representation: str, **extra) -> dict:
    return {
        "query": {"representation": representation},
        "api_version": "1.2.0",
        "more_data_available": False,
        "provider": {
            "name": "Electrolyte Knowledge Base",
            "description": (
                "Curated solid and polymer electrolytes for lithium batteries with their measured properties. "
                "Published inorganic compounds are served as structures, with their crystal structure (lattice "
                "and sites, partial occupancies kept) where one is known; polymer, gel and composite mixtures are "
                "not structures and are left out."
            ),
            "prefix": "ekb",
            "homepage": "http://testserver/",
        },
        "implementation": {"name": "electrolyte-kb", "version": "0.1.0"},
        "schema": SCHEMA_URL,
        **extra,
    }


def stamp(slug: str) -> str:
    return Material.objects.get(slug=slug).updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def kamaya_resource() -> dict:
    return {
        "id": "kamaya2011",
        "type": "references",
        "attributes": {
            "authors": [
                {"name": "Noriaki Kamaya", "firstname": "Noriaki", "lastname": "Kamaya"},
                {"name": "Kenji Homma", "firstname": "Kenji", "lastname": "Homma"},
            ],
            "doi": "10.1038/nmat3066",
            "url": None,
            "title": "A lithium superionic conductor",
            "journal": "Nature Materials",
            "volume": "10",
            "pages": "682-686",
            "year": "2020",
            "key": "kamaya2011",
            "bib_type": "article",
            "_ekb_kind": "article",
            "_ekb_licence": None,
        },
        "links": {"self": "http://testserver/optimade/v1/references/kamaya2011"},
    }


def lgps_resource() -> dict:
    conductivity = Measurement.objects.get(material__slug="lgps", property__key="ionic_conductivity").value
    return {
        "id": "lgps",
        "type": "structures",
        "attributes": {
            "last_modified": stamp("lgps"),
            "elements": ["Ge", "Li", "P", "S"],
            "nelements": 4,
            "elements_ratios": [1 / 25, 10 / 25, 2 / 25, 12 / 25],
            "chemical_formula_descriptive": "Li10GeP2S12",
            "chemical_formula_reduced": "GeLi10P2S12",
            "chemical_formula_anonymous": "A12B10C2D",
            "dimension_types": None,
            "nperiodic_dimensions": None,
            "lattice_vectors": None,
            "cartesian_site_positions": None,
            "nsites": None,
            "species": None,
            "species_at_sites": None,
            "structure_features": [],
            "_ekb_structure_flags": None,
            "_ekb_structure_composition_difference": None,
            "_ekb_structure_space_group": None,
            "_ekb_structure_source": None,
            "_ekb_name": "LGPS",
            "_ekb_ionic_conductivity": conductivity,
            "_ekb_activation_energy": 0.25,
            "_ekb_oxidation_limit": None,
            "_ekb_reduction_limit": None,
            "_ekb_electrolyte_class": "sulfide",
            "_ekb_structure_family": "lgps",
            "_ekb_space_group": "P4_2/nmc",
            "_ekb_mp_id": "mp-696128",
        },
        "links": {"self": "http://testserver/optimade/v1/structures/lgps"},
        "relationships": {"references": {"data": [{"type": "references", "id": "kamaya2011"}]}},
    }


def without_reference_stamps(data: dict) -> dict:
    """Reference last_modified comes from the history table; check its shape, then drop it."""
    for item in data.get("included", []):
        assert STAMP.match(item["attributes"].pop("last_modified"))
    return data


def kamaya_without_stamp() -> dict:
    return kamaya_resource()


# --- versions, info, links -------------------------------------------------------------------------


def test_versions_is_csv_on_the_unversioned_base_only(client, db):
    response = client.get("/optimade/versions")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; header=present"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b"version\n1\n"
    missing = client.get("/optimade/v1/versions")
    assert missing.status_code == 404
    assert body(missing)["errors"] == [
        {
            "status": "404",
            "title": "Not Found",
            "detail": "/optimade/v1/versions is not an OPTIMADE endpoint of this database.",
        }
    ]


@pytest.mark.parametrize("prefix", ["/optimade", "/optimade/v1", "/optimade/v1.2", "/optimade/v1.2.0"])
def test_base_info(client, db, prefix, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"{prefix}/info")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.api+json"
    assert body(response) == {
        "data": {
            "type": "info",
            "id": "/",
            "attributes": {
                "api_version": "1.2.0",
                "available_api_versions": [{"url": "http://testserver/optimade/v1", "version": "1.2.0"}],
                "formats": ["json"],
                "entry_types_by_format": {"json": ["structures", "references"]},
                "available_endpoints": ["info", "links", "structures", "references"],
                "is_index": False,
            },
        },
        "meta": meta("/" + f"{prefix}/info".removeprefix("/optimade/")),
    }


def test_structures_info_describes_provider_properties_with_units(client, db):
    data = body(client.get("/optimade/v1/info/structures"))["data"]
    assert data["id"] == "structures"
    assert "Mixtures (polymer, gel and composite electrolytes) are not structures" in data["description"]
    assert data["properties"]["_ekb_ionic_conductivity"] == {
        "description": "Headline room-temperature Li-ion conductivity (the knowledge base's one rule: unflagged "
        "values at 293-303 K or good fits at 25 °C, total before bulk, measured before extrapolated, median over "
        "papers).",
        "type": "float",
        "sortable": True,
        "unit": "S/cm",
    }
    assert data["properties"]["_ekb_activation_energy"]["unit"] == "eV"
    assert data["properties"]["_ekb_oxidation_limit"]["unit"] == "V"
    assert data["properties"]["_ekb_reduction_limit"]["unit"] == "V"
    assert data["properties"]["chemical_formula_reduced"]["sortable"] is True
    assert data["properties"]["elements_ratios"]["sortable"] is False
    assert data["output_fields_by_format"]["json"] == list(data["properties"])


def test_links_has_one_root(client, db):
    assert body(client.get("/optimade/v1/links")) == {
        "data": [
            {
                "id": "ekb",
                "type": "links",
                "attributes": {
                    "name": "Electrolyte Knowledge Base",
                    "description": "The root of this OPTIMADE implementation.",
                    "base_url": "http://testserver/optimade",
                    "homepage": "http://testserver/",
                    "link_type": "root",
                    "aggregate": "ok",
                },
            }
        ],
        "meta": meta("/v1/links", data_returned=1, data_available=1),
    }


# --- entries --------------------------------------------------------------------------------------


def test_structure_detail_with_included_reference(client, structures):
    response = client.get("/optimade/v1/structures/lgps")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert without_reference_stamps(body(response)) == {
        "data": lgps_resource(),
        "included": [kamaya_without_stamp()],
        "meta": meta("/v1/structures/lgps", data_returned=1),
    }


@pytest.mark.parametrize("slug", ["draft", "peo", "nothing-here"])
def test_drafts_mixtures_and_unknown_ids_are_404(client, structures, slug):
    response = client.get(f"/optimade/v1/structures/{slug}")
    assert response.status_code == 404
    assert body(response) == {
        "errors": [{"status": "404", "title": "Not Found", "detail": f"No structures entry with id {slug!r}."}],
        "meta": meta(f"/v1/structures/{slug}"),
    }


def test_list_filters_pages_and_links_to_the_next_page(client, structures):
    response = client.get(
        "/optimade/v1/structures",
        {
            "filter": "nelements >= 3",
            "page_limit": 2,
            "response_fields": "nelements,_ekb_electrolyte_class",
            "include": "",
        },
    )
    data = body(response)
    assert [item["id"] for item in data["data"]] == ["latp", "lgps"]
    assert data["data"][0]["attributes"] == {"nelements": 5, "_ekb_electrolyte_class": "oxide"}
    assert "included" not in data
    assert data["links"] == {
        "next": "http://testserver/optimade/v1/structures?filter=nelements+%3E%3D+3&page_limit=2"
        "&response_fields=nelements%2C_ekb_electrolyte_class&include=&page_offset=2"
    }
    assert data["meta"]["more_data_available"] is True
    assert (data["meta"]["data_returned"], data["meta"]["data_available"]) == (5, 5)
    last = body(
        client.get(data["links"]["next"].removeprefix("http://testserver").replace("page_offset=2", "page_offset=4"))
    )
    assert [item["id"] for item in last["data"]] == ["lyc-b"]
    assert last["links"] == {"next": None}
    assert last["meta"]["more_data_available"] is False


def test_list_counts_only_matches_in_data_returned(client, structures):
    data = body(
        client.get(
            "/optimade/structures", {"filter": "_ekb_ionic_conductivity IS KNOWN", "sort": "-_ekb_ionic_conductivity"}
        )
    )
    assert [item["id"] for item in data["data"]] == ["lgps", "lyc-a", "latp"]
    assert (data["meta"]["data_returned"], data["meta"]["data_available"]) == (3, 5)
    assert [item["id"] for item in data["included"]] == ["kamaya2011", "opendata"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Byte order, as Python sorts the strings; ties fall back to the id.
        ("chemical_formula_reduced", ["latp", "lyc-b", "lyc-a", "lgps", "llzo"]),
        ("-chemical_formula_reduced", ["llzo", "lgps", "lyc-a", "lyc-b", "latp"]),
        ("chemical_formula_anonymous", ["latp", "lgps", "llzo", "lyc-a", "lyc-b"]),
        ("-chemical_formula_anonymous,id", ["lyc-a", "lyc-b", "llzo", "lgps", "latp"]),
        ("-chemical_formula_anonymous,-id", ["lyc-b", "lyc-a", "llzo", "lgps", "latp"]),
    ],
)
def test_structures_sort_on_the_integer_formulas(client, structures, sort, expected):
    data = body(client.get("/optimade/v1/structures", {"sort": sort, "response_fields": "nelements"}))
    assert [item["id"] for item in data["data"]] == expected


def test_formula_filter_and_sort_together(client, structures):
    data = body(
        client.get(
            "/optimade/v1/structures",
            {"filter": 'chemical_formula_anonymous STARTS WITH "A12"', "sort": "chemical_formula_reduced"},
        )
    )
    assert [item["id"] for item in data["data"]] == ["latp", "lgps", "llzo"]
    assert (data["meta"]["data_returned"], data["meta"]["data_available"]) == (3, 5)


def test_references_list(client, structures):
    data = body(client.get("/optimade/v1/references", {"filter": 'doi = "10.1038/nmat3066"'}))
    for item in data["data"]:
        assert STAMP.match(item["attributes"].pop("last_modified"))
    assert data == {
        "data": [kamaya_without_stamp()],
        "links": {"next": None},
        "meta": meta("/v1/references?filter=doi+%3D+%2210.1038%2Fnmat3066%22", data_returned=1, data_available=2),
    }


# --- errors ---------------------------------------------------------------------------------------

ERRORS = [
    (
        {"filter": "crazyfield = 2"},
        400,
        "Bad Request",
        "Unknown property 'crazyfield' for structures; /info/structures lists them.",
    ),
    ({"filter": "nelements >"}, 400, "Bad Request", "The filter 'nelements >' ends before its expression is complete."),
    (
        {"filter": 'elements HAS < "Li"'},
        501,
        "Not Implemented",
        "HAS with a comparison operator (e.g. HAS < 3) is not supported.",
    ),
    ({"page_limit": "101"}, 403, "Forbidden", "page_limit 101 is above the maximum of 100."),
    ({"page_limit": "ten"}, 400, "Bad Request", "page_limit must be a whole number, not 'ten'."),
    ({"page_limit": "0"}, 400, "Bad Request", "page_limit must be at least 1."),
    ({"page_offset": "-1"}, 400, "Bad Request", "page_offset must not be negative, not -1."),
    (
        {"page_number": "2"},
        501,
        "Not Implemented",
        "page_number is not supported; page with page_limit and page_offset.",
    ),
    (
        {"response_fields": "nelements,band_gap"},
        400,
        "Bad Request",
        "Unknown response field 'band_gap' for structures.",
    ),
    (
        {"sort": "elements_ratios"},
        400,
        "Bad Request",
        "elements_ratios is not sortable; /info/structures marks the sortable properties.",
    ),
    ({"sort": "band_gap"}, 400, "Bad Request", "Cannot sort on unknown property 'band_gap'."),
    (
        {"include": "calculations"},
        400,
        "Bad Request",
        "Cannot include calculations; structures relate to references only.",
    ),
    (
        {"api_hint": "version1"},
        400,
        "Bad Request",
        "api_hint 'version1' is not of the form vMAJOR or vMAJOR.MINOR, e.g. 'v1'.",
    ),
    ({"response_format": "xml"}, 400, "Bad Request", "response_format 'xml' is not served; the only format is 'json'."),
    # Former server errors (issue 14).
    ({"filter": '_ekb_name = "a\x00b"'}, 400, "Bad Request", "The parameter 'filter' must not contain NUL characters."),
    (
        {"filter": "nelements=1e999"},
        400,
        "Bad Request",
        "The number 1e999 is too large: numbers in a filter must be finite doubles.",
    ),
    (
        {"filter": "nelements=99999999999999999999"},
        400,
        "Bad Request",
        "The number 99999999999999999999 is too large: whole numbers in a filter must fit in 64 bits.",
    ),
    (
        {"page_offset": "9223372036854775808"},
        400,
        "Bad Request",
        "page_offset 9223372036854775808 is above the largest offset, 9223372036854775707.",
    ),
    (
        {"filter": 'last_modified > "2024-13-01T00:00:00Z"'},
        400,
        "Bad Request",
        'last_modified is a timestamp: give it as a quoted RFC 3339 string such as "2024-01-31T12:00:00Z".',
    ),
]


@pytest.mark.parametrize(("params", "status", "title", "detail"), ERRORS)
def test_errors_are_optimade_error_documents(client, db, params, status, title, detail):
    response = client.get("/optimade/v1/structures", params)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    data = body(response)
    assert data["errors"] == [{"status": str(status), "title": title, "detail": detail}]
    assert data["meta"]["more_data_available"] is False


def test_unsupported_version_is_553(client, db):
    response = client.get("/optimade/v2/info")
    assert response.status_code == 553
    assert body(response)["errors"] == [
        {
            "status": "553",
            "title": "Version Not Supported",
            "detail": "This database serves OPTIMADE API version 1 only, under /v1.",
        }
    ]


def test_api_hint_and_other_providers_response_fields_are_accepted(client, structures):
    data = body(
        client.get(
            "/optimade/structures", {"api_hint": "v1", "response_fields": "nelements,_otherdb_x", "page_limit": 1}
        )
    )
    assert data["data"][0]["attributes"] == {"nelements": 5}


# --- query counts ---------------------------------------------------------------------------------


def add_structures(n: int) -> None:
    for i in range(n):
        material = factories.material(f"Extra {i}", "Li2S", slug=f"extra-{i:02d}")
        ref = factories.reference(f"extra-ref-{i:02d}")
        factories.measurement(material, "ionic_conductivity", 0.1, "mS/cm", temperature=298, ref=ref)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/optimade/v1/structures?page_limit={n}", 4),
        ('/optimade/v1/structures?page_limit={n}&filter=chemical_formula_anonymous STARTS WITH "A"', 4),
        ("/optimade/v1/structures?page_limit={n}&sort=-chemical_formula_reduced", 4),
        ("/optimade/v1/structures?page_limit={n}&include=", 3),
        ("/optimade/v1/references?page_limit={n}", 2),
    ],
)
def test_list_query_count_does_not_grow_with_page_size(client, structures, django_assert_num_queries, url, queries):
    add_structures(12)
    for n in (2, 12):
        with django_assert_num_queries(queries):
            data = client.get(url.format(n=n)).json()
        assert len(data["data"]) == n


def test_detail_query_count(client, structures, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert client.get("/optimade/v1/structures/lgps").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/optimade/v1/references/kamaya2011").status_code == 200


@pytest.mark.parametrize("entry", ["structures", "references"])
def test_nul_in_an_entry_id_is_a_400(client, db, entry):
    response = client.get(f"/optimade/v1/{entry}/%00")
    assert response.status_code == 400
    assert body(response)["errors"] == [
        {"status": "400", "title": "Bad Request", "detail": "The entry id must not contain NUL characters."}
    ]


def test_offset_past_the_matches_is_an_empty_page(client, structures):
    response = client.get("/optimade/v1/structures", {"page_offset": "9223372036854775000"})
    data = body(response)
    assert (response.status_code, data["data"], data["meta"]["more_data_available"]) == (200, [], False)


@pytest.mark.parametrize("path", ["/optimade/v1/structures", "/optimade/v1/info", "/optimade/versions", "/optimade/"])
def test_cors_preflight_is_200_with_the_cors_headers(client, db, path):
    response = client.options(path, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "*"
    assert response["Access-Control-Max-Age"] == "86400"
    assert response.content == b""


def test_writes_are_405_error_documents(client, db):
    response = client.post("/optimade/v1/structures", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert body(response)["errors"] == [
        {"status": "405", "title": "Method Not Allowed", "detail": "POST is not allowed; OPTIMADE is read-only (GET)."}
    ]
