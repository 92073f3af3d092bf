"""A text search runs its filter once per request: the count fetches the matching ids, the page reads them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from electrolytes.material_query import parse_material_query
from electrolytes.selectors import search_materials
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/materials/"
TEXT_FILTER = "websearch_to_tsquery"  # in the full-text branch of the filter, nowhere else


def _queries_with_the_filter(client, url: str) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()
    return body, sum(TEXT_FILTER in q["sql"] for q in queries.captured_queries)


def test_count_and_page_share_one_evaluation_of_the_text_filter(kb, anonymous_client):
    for i in range(5):
        factories.material(f"Argyrodite {i}", "Li6PS5Cl", family_slug="argyrodite")
    body, evaluations = _queries_with_the_filter(anonymous_client, f"{URL}?q=Li6PSCl&page_size=2&page=2")
    assert evaluations == 1
    assert body["count"] == 6  # LPSCl and the five argyrodites
    first, _ = _queries_with_the_filter(anonymous_client, f"{URL}?q=Li6PSCl&page_size=2")
    last, _ = _queries_with_the_filter(anonymous_client, f"{URL}?q=Li6PSCl&page_size=2&page=3")
    everything, _ = _queries_with_the_filter(anonymous_client, f"{URL}?q=Li6PSCl&page_size=100")
    paged = [m["slug"] for page in (first, body, last) for m in page["results"]]
    assert paged == [m["slug"] for m in everything["results"]]
    assert len(set(paged)) == 6


def test_a_page_after_the_count_has_the_rows_of_the_same_slice(kb):
    anonymous_user = AnonymousUser()
    for i in range(4):
        factories.material(f"Argyrodite {i}", "Li6PS5Cl", family_slug="argyrodite")
    query = parse_material_query({"q": "Li6PSCl", "ordering": "-conductivity,name"}, allow_status=False)
    expected = [m.slug for m in search_materials(query, user=anonymous_user)]
    results = search_materials(query, user=anonymous_user)
    assert results.count() == len(expected) == 5
    assert [m.slug for m in results[1:4]] == expected[1:4]
    # A further filter on the searched queryset is an ordinary queryset again.
    narrowed = results.filter(name__startswith="Argyrodite")
    assert narrowed.count() == 4
    assert [m.slug for m in narrowed[:2]] == [s for s in expected if s.startswith("argyrodite")][:2]


def test_no_match_is_an_empty_page(kb, anonymous_client):
    body, evaluations = _queries_with_the_filter(anonymous_client, f"{URL}?q=nothing-like-this-exists")
    assert (body["count"], body["results"], evaluations) == (0, [], 1)


def test_the_ids_counted_keep_the_alias_then_similarity_order_across_pages(kb, anonymous_client):
    # LLZO is an alias: the garnets it names come first (by similarity to "LLZO", then id), and a material merely
    # spelled like it (no alias match) after them.
    factories.material("LLZO-like polymer", "", electrolyte_class_slug="polymer", kind="mixture")
    for name in ("Ga-LLZO", "Al-doped garnet", "LLZO"):
        factories.material(name, "Li7La3Zr2O12", electrolyte_class_slug="oxide", family_slug="garnet")
    everything = anonymous_client.get(f"{URL}?q=LLZO&page_size=100").json()
    names = [m["name"] for m in everything["results"]]
    assert names[-1] == "LLZO-like polymer"
    assert set(names[:-1]) >= {"Ga-LLZO", "Al-doped garnet", "LLZO"}
    paged = []
    for page in range(1, everything["count"] + 1):
        paged += [m["name"] for m in anonymous_client.get(f"{URL}?q=LLZO&page_size=1&page={page}").json()["results"]]
    assert paged == names


def test_a_text_search_with_a_filter_nothing_can_meet_is_an_empty_page(kb, anonymous_client):
    # More elements than a 64-bit integer holds: Django knows that no row can match and compiles no SQL for it.
    hopeless = "q=Li6PSCl&nelements_min=9223372036854775808"
    body, _ = _queries_with_the_filter(anonymous_client, f"{URL}?{hopeless}")
    assert (body["count"], body["results"]) == (0, [])
    page = anonymous_client.get(f"/materials/?{hopeless}")
    assert page.status_code == 200
    assert "No materials match these filters" in page.content.decode()
