"""Measurements and references: filters with exact ids, CSV and BibTeX bodies."""

from __future__ import annotations

import re

import pytest

from electrolytes.models import Measurement
from tests import factories
from tests.api.helpers import error

pytestmark = pytest.mark.django_db


def _ids(kb, *pairs) -> list[int]:
    """Ids of the measurements of (material, property key, temperature) triples, in id order."""
    ids = []
    for material, key, temperature in pairs:
        qs = Measurement.objects.filter(material=getattr(kb, material), property__key=key)
        if temperature is not None:
            qs = qs.filter(temperature_k=temperature)
        ids.append(qs.get().id)
    return sorted(ids)


def _result_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("material=llzo", [("llzo", "ionic_conductivity", 298), ("llzo", "ionic_conductivity", 373),
                           ("llzo", "activation_energy", None), ("llzo", "oxidation_limit", None)]),
        ("material=lps,lgps&property=ionic_conductivity", [("lgps", "ionic_conductivity", 298),
                                                           ("lps", "ionic_conductivity", 298)]),
        ("property=ionic_conductivity&temperature_min=350", [("llzo", "ionic_conductivity", 373),
                                                            ("peo-litfsi", "ionic_conductivity", 353)]),
        ("property=ionic_conductivity&temperature_max=300&value_min=1e-3", [("lgps", "ionic_conductivity", 298),
                                                                           ("lpscl", "ionic_conductivity", 298.15)]),
        ("property=activation_energy&value_max=0.3", [("lgps", "activation_energy", None),
                                                     ("lpscl", "activation_energy", None)]),
        ("reference=kamaya2011", [("lgps", "ionic_conductivity", 298), ("lgps", "activation_energy", None)]),
        ("material=lpsbr", []),
        ("material=llzo&property=activation_energy,oxidation_limit", [("llzo", "activation_energy", None),
                                                                      ("llzo", "oxidation_limit", None)]),
        ("property=%20", []),  # a blank key names no property: nothing matches (not everything, not a 500)
    ],
)  # fmt: skip
def test_measurement_filters(kb, anonymous_client, query, expected):
    pairs = [(name.replace("peo-litfsi", "peo"), key, t) for name, key, t in expected]
    assert _result_ids(anonymous_client.get(f"/api/v1/measurements/?{query}")) == _ids(kb, *pairs)


def test_measurement_source_dataset_filter_and_ordering(kb, anonymous_client):
    dataset = factories.reference("obelix", title="OBELiX dataset", kind="dataset")
    row = factories.measurement(kb.lps, "ionic_conductivity", 1, "mS/cm", temperature=320, source_dataset=dataset)
    assert _result_ids(anonymous_client.get("/api/v1/measurements/?source_dataset=obelix")) == [row.id]
    ordered = anonymous_client.get("/api/v1/measurements/?material=lps&ordering=-temperature&fields=temperature_k")
    assert ordered.json()["results"] == [{"temperature_k": 320.0}, {"temperature_k": 298.0}]


def test_measurement_body(kb, anonymous_client):
    measurement = Measurement.objects.get(material=kb.lpscl, property__key="ionic_conductivity")
    assert anonymous_client.get(f"/api/v1/measurements/{measurement.id}/").json() == {
        "id": measurement.id,
        "url": f"http://testserver/api/v1/measurements/{measurement.id}/",
        "material": "lpscl",
        "property": "ionic_conductivity",
        "value": 0.002,
        "unit": "S/cm",
        "qualifier": "=",
        "temperature_k": 298.15,
        "reported_value": "2",
        "reported_unit": "mS/cm",
        "measured_part": "not_specified",
        "method": "not_specified",
        "is_extrapolated": False,
        "is_derived": False,
        "reference": "murugan2007",
        "source_dataset": None,
        "source_row": "",
        "other_sources": [],
        "flag": "",
        "flag_reason": "",
        "notes": "",
    }


def test_measurements_of_drafts_are_404_to_the_public(kb, anonymous_client, curator_client):
    hidden = Measurement.objects.get(material=kb.draft)
    assert anonymous_client.get(f"/api/v1/measurements/{hidden.id}/").status_code == 404
    assert curator_client.get(f"/api/v1/measurements/{hidden.id}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("property=density", "property", "Unknown property 'density'."),
        ("temperature_min=hot", "temperature_min", "Enter a number."),
        ("temperature_min=400&temperature_max=300", "temperature_min",
         "temperature_min (400) is above temperature_max (300)."),
        ("value_min=1", "value_min",
         "Value bounds need exactly one property= (values are in that property's canonical unit)."),
        ("method=guess", "method", "Select a valid choice. guess is not one of the available choices."),
        ("is_derived=maybe", "is_derived", "'maybe' is not true or false."),
        ("ordering=colour", "ordering",
         "Unknown ordering field 'colour'; choose from: id, temperature, value, material, property."),
        ("fields=colour", "fields",
         "Unknown field 'colour'; choose from: id, url, material, property, value, unit, qualifier, "
         "temperature_k, reported_value, reported_unit, measured_part, method, is_extrapolated, "
         "is_derived, reference, source_dataset, source_row, other_sources, flag, flag_reason, notes."),
    ],
)  # fmt: skip
def test_bad_measurement_query(kb, anonymous_client, query, field, message):
    response = anonymous_client.get(f"/api/v1/measurements/?{query}")
    assert (response.status_code, response.json()) == (400, error(400, field, message))


def test_materials_csv_streams_the_filtered_rows(kb, anonymous_client):
    response = anonymous_client.get(
        "/api/v1/materials/?format=csv&elements=S&fields=slug,formula,composition,ionic_conductivity,family"
    )
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="materials.csv"'
    assert b"".join(response.streaming_content).decode() == (
        "slug,family,formula,composition,ionic_conductivity\n"
        'lgps,lgps,Li10GeP2S12,"{""Ge"":1.0,""Li"":10.0,""P"":2.0,""S"":12.0}",0.012\n'
        'lps,,Li3PS4,"{""Li"":3.0,""P"":1.0,""S"":4.0}",0.0002\n'
        'lpscl,argyrodite,Li6PS5Cl,"{""Cl"":1.0,""Li"":6.0,""P"":1.0,""S"":5.0}",0.002\n'
    )


def test_materials_csv_has_every_field_by_default(kb, anonymous_client):
    response = anonymous_client.get("/api/v1/materials/?format=csv&chemsys=Li-P-S")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == (
        "url,slug,name,electrolyte_class,family,kind,formula,reduced_formula,elements,nelements,composition,"
        "space_group,icsd_ids,mp_id,description,status,ionic_conductivity,activation_energy,oxidation_limit,"
        "reduction_limit,headline,created_at,updated_at,class_origin,family_label,physical_state,polymer,polymer_mw,"
        "salt,salt_molality,eo_li"  # issue 10: the CSV carries a mixture's components
    )
    # DRF keeps ?format= on links it builds, so they point at the same format.
    assert lines[1].startswith(
        'http://testserver/api/v1/materials/lps/?format=csv,lps,LPS,sulfide,,compound,Li3PS4,Li3PS4,"[""Li"",""P"",""S""]",3,'
    )
    assert len(lines) == 2


def test_measurements_csv(kb, anonymous_client):
    response = anonymous_client.get(
        "/api/v1/measurements/?format=csv&material=llzo&ordering=-value&fields=material,property,value,unit,temperature_k"
    )
    assert b"".join(response.streaming_content).decode() == (
        "material,property,value,unit,temperature_k\n"
        "llzo,oxidation_limit,6.0,V,\n"
        "llzo,activation_energy,0.42,eV,\n"
        "llzo,ionic_conductivity,0.01,S/cm,373.0\n"
        "llzo,ionic_conductivity,0.0003,S/cm,298.0\n"
    )


KAMAYA_BIBTEX = (
    "@article{kamaya2011,\n"
    "  title = {A lithium superionic conductor},\n"
    "  author = {Kamaya, Noriaki and Homma, Kenji},\n"
    "  journal = {Nature Materials},\n"
    "  year = {2011},\n"
    "  volume = {10},\n"
    "  pages = {682--686},\n"
    "  doi = {10.1038/nmat3066}\n"
    "}\n"
)


@pytest.fixture
def kamaya(kb):
    from electrolytes.models import Reference

    Reference.objects.filter(key="kamaya2011").update(
        authors=["Kamaya, Noriaki", "Homma, Kenji"], journal="Nature Materials", year=2011, volume="10",
        pages="682-686",
    )  # fmt: skip


def test_reference_bibtex_detail_and_list(kamaya, anonymous_client):
    detail = anonymous_client.get("/api/v1/references/kamaya2011/?format=bibtex")
    assert detail["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert detail.content.decode() == KAMAYA_BIBTEX
    listing = anonymous_client.get("/api/v1/references/?format=bibtex&ordering=key")
    assert listing["Content-Disposition"] == 'attachment; filename="references.bib"'
    text = b"".join(listing.streaming_content).decode()
    assert text == KAMAYA_BIBTEX + "\n" + (
        "@article{murugan2007,\n  title = {Fast lithium ion conduction in garnet-type Li7La3Zr2O12},\n"
        "  year = {2020}\n}\n"
    )
    body = anonymous_client.get("/api/v1/references/kamaya2011/").json()
    assert body["bibtex"] == KAMAYA_BIBTEX


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=garnet", ["murugan2007"]),
        ("q=NATURE", ["kamaya2011"]),
        ("doi=https://doi.org/10.1038/NMAT3066", ["kamaya2011"]),
        ("year_min=2011&year_max=2015", ["kamaya2011"]),
        ("year_min=2012", ["murugan2007"]),
        ("kind=dataset", []),
        ("ordering=-key", ["murugan2007", "kamaya2011"]),
    ],
)
def test_reference_filters(kamaya, anonymous_client, query, expected):
    response = anonymous_client.get(f"/api/v1/references/?{query}")
    assert [item["key"] for item in response.json()["results"]] == expected


def test_bad_reference_query(kamaya, anonymous_client):
    response = anonymous_client.get("/api/v1/references/?doi=nonsense")
    assert response.json() == error(400, "doi", "'nonsense' is not a DOI (expected 10.<registrant>/<suffix>).")
    response = anonymous_client.get("/api/v1/references/?year_min=2020&year_max=2010")
    assert response.json() == error(400, "year_min", "year_min (2020) is above year_max (2010).")


def test_other_resources_filter(kb, anonymous_client):
    def keys(url, field="slug"):
        return [item[field] for item in anonymous_client.get(url).json()["results"]]

    assert keys("/api/v1/classes/?category=polymer") == ["polymer"]
    assert keys("/api/v1/families/?electrolyte_class=sulfide") == ["argyrodite", "lgps"]
    assert keys("/api/v1/properties/?requires_temperature=true", "key") == [
        "ionic_conductivity",
        "electronic_conductivity",
    ]


# --- The reference lists read their order off an index ---------------------------------------------------------


@pytest.fixture
def planned_as_a_large_table(kamaya):
    """A reference table the planner reads as a large one where articles are few among the datasets, with
    statistics taken here, inside the test's transaction (rolled back with it). Without this the plan would follow
    whatever statistics an earlier test, or the server's autovacuum, left on the table: with articles the only
    kind, an index on year alone serves ``kind=article`` as cheaply as the index made for it."""
    from django.db import connection

    from electrolytes.models import Reference

    Reference.objects.bulk_create(
        Reference(key=f"dataset{n}", title=f"Dataset {n}", kind="dataset", year=2000 + n % 25) for n in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE electrolytes_reference")


def _plan_of_last_query(client, url: str) -> str:
    """PostgreSQL's plan for the last query ``url`` runs, with sequential and bitmap scans priced out so that
    the small test table plans as a large one would: an index that gives the order, or a sort."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("/api/v1/references/", "reference_year_key"),
        ("/api/v1/references/?kind=article", "reference_kind_year_key"),
        ("/api/v1/references/?ordering=title", "reference_title_id"),
        ("/references/", "reference_page_order"),
    ],
)
def test_each_reference_list_order_is_read_off_its_index(planned_as_a_large_table, anonymous_client, url, index):
    plan = _plan_of_last_query(anonymous_client, url)
    nodes = [line.strip().removeprefix("->").strip() for line in plan.splitlines()]
    scans = [i for i, node in enumerate(nodes) if node.startswith(f"Index Scan using {index} on ")]
    # The page's LIMIT sits right on an ordered scan of the index, with no sort between: it stops after the page's
    # rows. (The references page also reads the index again outside, to order the page's own rows.)
    assert any(nodes[i - 1].startswith("Limit") for i in scans), plan


def test_a_later_references_page_counts_the_values_of_its_own_rows(properties, anonymous_client, monkeypatch):
    from electrolytes.views import references as reference_views

    monkeypatch.setattr(reference_views, "PER_PAGE", 2)
    shown = factories.material("Li6PS5Cl", "Li6PS5Cl")
    hidden = factories.material("Unpublished sulfide", "Li3PS4", status="draft")
    old = factories.reference("old2001", year=2001, title="An old paper")
    new = factories.reference("new2024", year=2024, title="A new paper")
    undated = factories.reference("undated", year=None, title="An undated report")
    for ref, material, temperature in [(old, shown, 298), (old, shown, 320), (old, hidden, 298), (undated, shown, 330)]:
        factories.measurement(material, "ionic_conductivity", 1, "mS/cm", temperature=temperature, ref=ref)
    factories.measurement(shown, "ionic_conductivity", 2, "mS/cm", temperature=340, ref=new, source_dataset=undated)

    def rows(page: int) -> list[list[str]]:
        html = anonymous_client.get(f"/references/?page={page}").content.decode()
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        return [
            [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]

    # Newest first, undated last; the counts leave out the draft's value and are those of the row's own reference
    # (values it reports, values it supplies as a dataset), on the second page as on the first.
    assert [(r[0], r[-2], r[-1]) for r in rows(1)] == [
        ("A new paper (2024)", "1", "0"),
        ("An old paper (2001)", "2", "0"),
    ]
    assert [(r[0], r[-2], r[-1]) for r in rows(2)] == [("An undated report (n.d.)", "1", "1")]
