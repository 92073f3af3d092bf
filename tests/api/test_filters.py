"""The FilterSets of api.filters: each parameter against hand-built data with exact ids, exact errors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from electrolytes.models import ClassAssessment, Criterion, ElectrolyteClass, Measurement, ProcessingRoute, Reference
from tests import factories
from tests.api.helpers import error

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(kb) -> SimpleNamespace:
    """The API knowledge base plus what its filters need to tell records apart.

    measurement  material  property            T/K  part   method  derived
    bulk         lps       ionic_conductivity  330  bulk   eis     no
    total        lpscl     ionic_conductivity  320  total  eis     no
    fitted       llzo      activation_energy   -    -      -       yes (the LLZO value, flagged as a fit)

    criterion  order  sulfide  oxide        route        class    material  mode     type          peak T/K
    safety     1      -2       -            llzo-sinter  oxide    llzo      ex_situ  solid_state   1500
    cost       2      +1       -1           lps-mill     sulfide  lps       ex_situ  ball_milling  300
                                            peo-cure     polymer  -         in_situ  in_situ_uv    333
    """
    kamaya = Reference.objects.get(key="kamaya2011")
    bulk = factories.measurement(
        kb.lps, "ionic_conductivity", 0.5, "mS/cm", temperature=330, measured_part="bulk", method="eis", ref=kamaya
    )
    total = factories.measurement(
        kb.lpscl, "ionic_conductivity", 3, "mS/cm", temperature=320, measured_part="total", method="eis", ref=kamaya
    )
    fitted = Measurement.objects.get(material=kb.llzo, property__key="activation_energy")
    Measurement.objects.filter(pk=fitted.pk).update(is_derived=True)

    sulfide, oxide, polymer = (ElectrolyteClass.objects.get(slug=s) for s in ("sulfide", "oxide", "polymer"))
    safety = Criterion.objects.create(slug="safety", name="Safety", display_order=1)
    cost = Criterion.objects.create(slug="cost", name="Cost", display_order=2)
    cells = {
        (slug, criterion.slug): ClassAssessment.objects.create(
            electrolyte_class=cls, criterion=criterion, rating=rating, explanation="x"
        )
        for slug, cls, criterion, rating in (
            ("sulfide", sulfide, safety, -2),
            ("sulfide", sulfide, cost, 1),
            ("oxide", oxide, cost, -1),
        )
    }
    for slug, cls, material, mode, route_type, peak in (
        ("llzo-sinter", oxide, kb.llzo, "ex_situ", "solid_state", 1500),
        ("lps-mill", sulfide, kb.lps, "ex_situ", "ball_milling", 300),
        ("peo-cure", polymer, None, "in_situ", "in_situ_uv", 333),
    ):
        ProcessingRoute.objects.create(
            slug=slug, name=slug.replace("-", " ").title(), route_type=route_type, mode=mode,
            electrolyte_class=cls, material=material, peak_temperature_k=peak,
        )  # fmt: skip
    return SimpleNamespace(kb=kb, bulk=bulk, total=total, fitted=fitted, cells=cells)


def _get(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _measurement(kb, material: str, key: str, temperature: float | None = None) -> int:
    rows = Measurement.objects.filter(material=getattr(kb, material), property__key=key)
    return (rows.filter(temperature_k=temperature) if temperature is not None else rows).get().id


# --- Measurements ------------------------------------------------------------------------------


def test_measured_part_method_and_derived_filters(graded, anonymous_client):
    def ids(query: str) -> list[int]:
        return [row["id"] for row in _get(anonymous_client, f"/api/v1/measurements/?{query}")]

    kb = graded.kb
    assert ids("measured_part=bulk") == [graded.bulk.id]
    assert ids("method=eis") == [graded.bulk.id, graded.total.id]
    assert ids("method=eis&measured_part=total") == [graded.total.id]
    assert ids("is_derived=true") == [graded.fitted.id]
    assert ids("is_derived=False&material=llzo") == sorted(
        [
            _measurement(kb, "llzo", "ionic_conductivity", 298),
            _measurement(kb, "llzo", "ionic_conductivity", 373),
            _measurement(kb, "llzo", "oxidation_limit"),
        ]
    )
    # Empty items of a comma-separated list are ignored.
    assert ids("material=lps,&property=ionic_conductivity,") == sorted(
        [_measurement(kb, "lps", "ionic_conductivity", 298), graded.bulk.id]
    )
    assert ids("material=&method=") == sorted(Measurement.objects.published().values_list("id", flat=True))


def test_measurement_ordering_breaks_ties_by_id(graded, anonymous_client):
    kb = graded.kb

    def ids(query: str) -> list[int]:
        return [row["id"] for row in _get(anonymous_client, f"/api/v1/measurements/?{query}")]

    assert ids("material=lpscl&ordering=-property") == [
        _measurement(kb, "lpscl", "reduction_limit"),
        _measurement(kb, "lpscl", "oxidation_limit"),
        _measurement(kb, "lpscl", "activation_energy"),
        _measurement(kb, "lpscl", "ionic_conductivity", 298.15),
        graded.total.id,
    ]
    llzo_cold, peo_cold = (
        _measurement(kb, "llzo", "ionic_conductivity", 298),
        _measurement(kb, "peo", "ionic_conductivity", 298),
    )
    assert llzo_cold < peo_cold
    assert ids("material=llzo,peo-litfsi&property=ionic_conductivity&ordering=temperature") == [
        llzo_cold,
        peo_cold,
        _measurement(kb, "peo", "ionic_conductivity", 353),
        _measurement(kb, "llzo", "ionic_conductivity", 373),
    ]
    assert ids("material=llzo,peo-litfsi&property=ionic_conductivity&ordering=temperature,-id")[:2] == [
        peo_cold,
        llzo_cold,
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("temperature_min=inf", "temperature_min", "Enter a number."),
        ("temperature_max=1e999", "temperature_max", "Enter a number."),
        ("value_max=1&property=ionic_conductivity,activation_energy", "value_max",
         "Value bounds need exactly one property= (values are in that property's canonical unit)."),
        ("property=ionic_conductivity,density", "property", "Unknown property 'density'."),
        ("measured_part=grain", "measured_part", "Select a valid choice. grain is not one of the available choices."),
        ("is_derived=1", "is_derived", "'1' is not true or false."),
        ("material=" + "x" * 201, "material", "Ensure this value has at most 200 characters (it has 201)."),
        ("ordering=temperature,colour", "ordering",
         "Unknown ordering field 'colour'; choose from: id, temperature, value, material, property."),
    ],
)  # fmt: skip
def test_bad_measurement_filter(graded, anonymous_client, query, field, message):
    response = anonymous_client.get(f"/api/v1/measurements/?{query}")
    assert (response.status_code, response.json()) == (400, error(400, field, message))


def test_every_bad_filter_is_named(graded, anonymous_client):
    response = anonymous_client.get("/api/v1/measurements/?temperature_min=hot&method=guess&ordering=colour")
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "temperature_min: Enter a number.",
            "fields": {
                "temperature_min": ["Enter a number."],
                "method": ["Select a valid choice. guess is not one of the available choices."],
                "ordering": [
                    "Unknown ordering field 'colour'; choose from: id, temperature, value, material, property."
                ],
            },
        }
    }


def test_filtered_csv_has_the_filtered_rows(graded, anonymous_client):
    response = anonymous_client.get("/api/v1/measurements/?format=csv&method=eis&ordering=-value&fields=material,value")
    assert b"".join(response.streaming_content).decode() == "material,value\nlpscl,0.003\nlps,0.0005\n"
    response = anonymous_client.get("/api/v1/measurements/?format=csv&method=guess")
    assert response["Content-Type"] == "application/json"
    assert response.json() == error(400, "method", "Select a valid choice. guess is not one of the available choices.")


def test_filters_apply_to_lists_only(graded, anonymous_client):
    # A list's filters on a record's detail are unknown parameters there, not silently ignored.
    url = f"/api/v1/measurements/{graded.bulk.id}/?method=cv&ordering=colour"
    response = anonymous_client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "method": ["Unknown parameter 'method'; accepted: fields, format."],
        "ordering": ["Unknown parameter 'ordering'; accepted: fields, format."],
    }
    assert anonymous_client.get(f"/api/v1/measurements/{graded.bulk.id}/").json()["id"] == graded.bulk.id
    assert anonymous_client.get("/api/v1/classes/oxide/?category=polymer").status_code == 400


def test_browsable_list_renders_the_filter_form(graded, anonymous_client):
    response = anonymous_client.get("/api/v1/measurements/?method=eis", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert 'name="is_derived"' in response.content.decode()


# --- References --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["murugan2007", "obelix", "kamaya2011"]),  # newest first, then by key
        ("kind=dataset", ["obelix"]),
        ("kind=article&ordering=key", ["kamaya2011", "murugan2007"]),
        ("doi=doi:10.1038/NMAT3066.", ["kamaya2011"]),
        ("q=obeli", ["obelix"]),
        ("year_max=2015", ["obelix", "kamaya2011"]),
        ("year_min=2012&year_max=2012", []),
        ("ordering=title", ["kamaya2011", "murugan2007", "obelix"]),
    ],
)
def test_reference_filters_and_default_order(kb, anonymous_client, query, expected):
    Reference.objects.filter(key="kamaya2011").update(year=2011)
    factories.reference("obelix", title="OBELiX dataset", kind="dataset", year=2015, status="published")
    assert [row["key"] for row in _get(anonymous_client, f"/api/v1/references/?{query}")] == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year_min=2011.5", "year_min", "Enter a whole number."),
        ("kind=paper", "kind", "Select a valid choice. paper is not one of the available choices."),
        ("q=" + "x" * 201, "q", "Ensure this value has at most 200 characters (it has 201)."),
        ("ordering=doi", "ordering", "Unknown ordering field 'doi'; choose from: key, year, title, id."),
    ],
)
def test_bad_reference_filter(kb, anonymous_client, query, field, message):
    response = anonymous_client.get(f"/api/v1/references/?{query}")
    assert (response.status_code, response.json()) == (400, error(400, field, message))


# --- Classes, families, properties, criteria ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field", "expected"),
    [
        ("/api/v1/classes/", "slug", ["sulfide", "oxide", "polymer"]),
        ("/api/v1/classes/?category=inorganic", "slug", ["sulfide", "oxide"]),
        ("/api/v1/classes/?ordering=-name", "slug", ["sulfide", "polymer", "oxide"]),
        ("/api/v1/families/", "slug", ["argyrodite", "lgps", "garnet"]),
        ("/api/v1/families/?electrolyte_class=oxide", "slug", ["garnet"]),
        ("/api/v1/families/?ordering=-slug", "slug", ["lgps", "garnet", "argyrodite"]),
        ("/api/v1/properties/?requires_temperature=false&ordering=key&page_size=3", "key",
         ["activation_energy", "critical_current_density", "decomposition_temperature"]),
        ("/api/v1/properties/?ordering=-display_order&page_size=2", "key",
         ["lithium_metal_stability", "moisture_stability"]),
        ("/api/v1/criteria/", "slug", ["safety", "cost"]),
        ("/api/v1/criteria/?ordering=name", "slug", ["cost", "safety"]),
    ],
)  # fmt: skip
def test_taxonomy_filters(graded, anonymous_client, url, field, expected):
    assert [row[field] for row in _get(anonymous_client, url)] == expected


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/classes/?category=gel", "category",
         "Select a valid choice. gel is not one of the available choices."),
        ("/api/v1/properties/?requires_temperature=yes", "requires_temperature", "'yes' is not true or false."),
        ("/api/v1/criteria/?ordering=rating", "ordering",
         "Unknown ordering field 'rating'; choose from: display_order, name, slug."),
        ("/api/v1/families/?ordering=electrolyte_class", "ordering",
         "Unknown ordering field 'electrolyte_class'; choose from: name, slug."),
    ],
)  # fmt: skip
def test_bad_taxonomy_filter(graded, anonymous_client, url, field, message):
    response = anonymous_client.get(url)
    assert (response.status_code, response.json()) == (400, error(400, field, message))


# --- Assessments and processing routes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [("sulfide", "safety"), ("sulfide", "cost"), ("oxide", "cost")]),
        ("electrolyte_class=sulfide", [("sulfide", "safety"), ("sulfide", "cost")]),
        ("criterion=cost", [("sulfide", "cost"), ("oxide", "cost")]),
        ("rating=-1", [("oxide", "cost")]),
        ("ordering=-rating", [("sulfide", "cost"), ("oxide", "cost"), ("sulfide", "safety")]),
    ],
)
def test_assessment_filters(graded, anonymous_client, query, expected):
    rows = _get(anonymous_client, f"/api/v1/assessments/?{query}")
    assert [row["id"] for row in rows] == [graded.cells[cell].id for cell in expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["lps-mill", "llzo-sinter", "peo-cure"]),  # ex-situ first, then by class and name
        ("electrolyte_class=oxide", ["llzo-sinter"]),
        ("material=lps", ["lps-mill"]),
        ("mode=in_situ", ["peo-cure"]),
        ("route_type=ball_milling", ["lps-mill"]),
        ("peak_temperature_min=333", ["llzo-sinter", "peo-cure"]),
        ("peak_temperature_max=333", ["lps-mill", "peo-cure"]),
        ("ordering=-peak_temperature", ["llzo-sinter", "peo-cure", "lps-mill"]),
        ("ordering=slug", ["llzo-sinter", "lps-mill", "peo-cure"]),
    ],
)
def test_processing_route_filters(graded, anonymous_client, query, expected):
    assert [row["slug"] for row in _get(anonymous_client, f"/api/v1/processing-routes/?{query}")] == expected


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/assessments/?rating=3", "rating", "Select a valid choice. 3 is not one of the available choices."),
        ("/api/v1/processing-routes/?peak_temperature_min=600&peak_temperature_max=500", "peak_temperature_min",
         "peak_temperature_min (600) is above peak_temperature_max (500)."),
        ("/api/v1/processing-routes/?peak_temperature_max=warm", "peak_temperature_max", "Enter a number."),
        ("/api/v1/processing-routes/?mode=hybrid", "mode",
         "Select a valid choice. hybrid is not one of the available choices."),
    ],
)  # fmt: skip
def test_bad_assessment_and_route_filter(graded, anonymous_client, url, field, message):
    response = anonymous_client.get(url)
    assert (response.status_code, response.json()) == (400, error(400, field, message))
