"""optimade-python-tools' OptimadeClient (the `optimade` package's own client) against a live server: what a
script using the standard's reference tooling gets back, every request kept on the live server."""

from __future__ import annotations

import pytest

from api.optimade.views import DEFAULT_PAGE_LIMIT
from tests import factories

from .conftest import build_structures

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def optimade_client(live_server, properties, local_only):
    from optimade.client import OptimadeClient

    build_structures()
    base = f"{live_server.url}/optimade"
    # Synchronous mode goes through requests, which local_only guards; with explicit base URLs the client
    # never asks the providers list.
    return base, OptimadeClient(base_urls=[base], use_async=False, silent=True, max_attempts=1, http_timeout=30)


def test_client_gets_the_filtered_entries_with_our_fields(optimade_client, local_only):
    base, client = optimade_client
    query = 'elements HAS "Li" AND elements HAS "Cl"'
    results = client.structures.get(query, response_fields=["chemical_formula_reduced", "_ekb_name"])
    answer = results["structures"][query][base]
    assert answer["errors"] == []
    got = {entry["id"]: entry["attributes"] for entry in answer["data"]}
    assert got == {
        "lyc-a": {"chemical_formula_reduced": "Cl6Li3Y", "_ekb_name": "LYC 5%_a"},
        "lyc-b": {"chemical_formula_reduced": "Cl6InLi3", "_ekb_name": "LYC 5xya"},
    }
    assert local_only and all(url.startswith(base) for url in local_only)


def test_client_counts_from_data_returned(optimade_client):
    base, client = optimade_client
    counts = client.count('elements HAS "Li"')
    assert counts == {"structures": {'elements HAS "Li"': {base: 5}}}  # the draft and the mixture are not entries


def test_client_follows_the_next_links_across_pages(optimade_client, local_only):
    base, client = optimade_client
    extra = DEFAULT_PAGE_LIMIT + 3
    for i in range(extra):
        factories.material(f"Rock salt {i}", "LiBr", slug=f"rock-{i:03d}", electrolyte_class_slug="halide")
    query = 'elements HAS "Br"'
    answer = client.structures.get(query, response_fields=["chemical_formula_reduced"])["structures"][query][base]
    assert sorted(entry["id"] for entry in answer["data"]) == [f"rock-{i:03d}" for i in range(extra)]
    pages = [url for url in local_only if "/v1/structures" in url]
    assert len(pages) == 2  # the first page and the one its links.next names


def test_client_refuses_a_filter_it_cannot_parse_before_any_request(optimade_client, local_only):
    _, client = optimade_client
    with pytest.raises(RuntimeError, match='Unable to parse filter elements HAS "Li" AND'):
        client.structures.get('elements HAS "Li" AND')
    assert local_only == []
