"""Each endpoint runs the same number of SQL queries at page sizes 1 and 100 and at two data sizes."""

from __future__ import annotations

import pytest

from electrolytes.models import ClassAssessment, Criterion, ElectrolyteClass, Measurement, ProcessingRoute
from tests import factories

pytestmark = pytest.mark.django_db


def _grow(kb, n: int, start: int = 0) -> None:
    """Add ``n`` more published materials, each with measurements, routes and an assessment row."""
    sulfide = ElectrolyteClass.objects.get(slug="sulfide")
    ref = factories.reference("bulk")
    for i in range(start, start + n):
        material = factories.material(f"Bulk {i}", "Li3PS4", family_slug="lgps", slug=f"bulk-{i}")
        factories.measurement(material, "ionic_conductivity", 1, "mS/cm", temperature=298, ref=ref)
        factories.measurement(material, "activation_energy", 0.3, "eV", ref=ref)
        ProcessingRoute.objects.create(
            slug=f"route-{i}", name=f"Route {i}", route_type="solid_state", mode="ex_situ",
            electrolyte_class=sulfide, material=material, reference=ref,
        )  # fmt: skip
        criterion = Criterion.objects.create(slug=f"criterion-{i}", name=f"Criterion {i}")
        assessment = ClassAssessment.objects.create(
            electrolyte_class=sulfide, criterion=criterion, rating=1, explanation="x"
        )
        assessment.references.add(ref)


# (url, queries for anonymous) ; the list counts are: count + page (+ lookups of the query itself).
ENDPOINTS = [
    ("/api/v1/materials/", 3),  # property keys, count, page
    ("/api/v1/materials/?elements=Li,S&ionic_conductivity_min=1e-6&family=lgps", 5),  # + family check, definitions
    ("/api/v1/materials/?q=Li3PS4&ordering=-conductivity", 3),
    ("/api/v1/measurements/", 2),
    ("/api/v1/measurements/?property=ionic_conductivity&temperature_min=290", 3),  # + property check
    ("/api/v1/references/", 2),
    ("/api/v1/classes/", 2),
    ("/api/v1/families/", 2),
    ("/api/v1/properties/", 2),
    ("/api/v1/criteria/", 2),
    ("/api/v1/assessments/", 3),  # + references prefetch
    ("/api/v1/processing-routes/", 2),
]


@pytest.mark.parametrize(("url", "queries"), ENDPOINTS)
def test_list_queries_do_not_grow_with_page_size_or_data(kb, anonymous_client, django_assert_num_queries, url, queries):
    joiner = "&" if "?" in url else "?"
    _grow(kb, 1)
    for size in (1, 100):
        with django_assert_num_queries(queries):
            assert anonymous_client.get(f"{url}{joiner}page_size={size}").status_code == 200
    _grow(kb, 12, start=1)
    for size in (1, 100):
        with django_assert_num_queries(queries):
            response = anonymous_client.get(f"{url}{joiner}page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == (1 if size == 1 else response.json()["count"])


def test_curator_pays_a_fixed_price_for_authentication(kb, curator_client, django_assert_num_queries):
    # session, user, then the user's and the group's permissions (drafts visible, writes allowed)
    for size in (1, 100):
        with django_assert_num_queries(3 + 4):
            assert curator_client.get(f"/api/v1/materials/?page_size={size}").status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/materials/lgps/", 3),  # material with properties, components, representative structure
        ("/api/v1/references/kamaya2011/", 1),
        ("/api/v1/classes/sulfide/", 1),
        ("/api/v1/properties/ionic_conductivity/", 1),
    ],
)
def test_detail_queries(kb, anonymous_client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        assert anonymous_client.get(url).status_code == 200


def test_csv_streams_in_a_constant_number_of_queries(kb, anonymous_client, django_assert_max_num_queries):
    _grow(kb, 12)
    with django_assert_max_num_queries(3):
        response = anonymous_client.get("/api/v1/materials/?format=csv")
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 5 + 12
    with django_assert_max_num_queries(1):
        response = anonymous_client.get("/api/v1/measurements/?format=csv")
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + Measurement.objects.published().count()
