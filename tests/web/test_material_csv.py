"""/materials.csv is streamed, and holds what the list's rows held before it was: the same columns and values."""

from __future__ import annotations

import csv
import io

import pytest

from electrolytes import polymers, selectors
from electrolytes.material_query import parse_material_query
from electrolytes.templatetags.kb_format import plain_number
from electrolytes.views.materials import CSV_COLUMNS, CSV_MAX_ROWS

pytestmark = pytest.mark.django_db


def _as_before(params: dict) -> str:
    """The CSV as the view wrote it before streaming: every row a model instance, written into one response."""
    query = parse_material_query(params, allow_status=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    window = f"{query.temperature_min:g}-{query.temperature_max:g}"
    for material in selectors.search_materials(query, user=None)[:CSV_MAX_ROWS]:
        writer.writerow(
            [
                material.name,
                material.formula,
                material.reduced_formula,
                material.electrolyte_class.name,
                material.family.name if material.family else "",
                material.kind,
                plain_number(material.conductivity, 6),
                window,
                plain_number(material.activation_energy, 6),
                plain_number(material.oxidation_limit, 6),
                plain_number(material.reduction_limit, 6),
                "http://testserver" + material.get_absolute_url(),
                material.physical_state,
                material.host_polymer or "",
                plain_number(material.host_mw, 6),
                material.salt or "",
                plain_number(material.salt_molality, 6),
                plain_number(polymers.eo_li(material.host_smiles, material.salt_molality), 4),
            ]
        )
    return out.getvalue()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "-conductivity"},
        {"electrolyte_class": "solid-polymer", "ordering": "-activation_energy"},
        {"q": "LLZO"},
        {"q": "Li6PSCl"},
        {"polymer": "PEO", "physical_state": "solid,gel,liquid"},
        {"temperature_min": "328", "temperature_max": "338", "ordering": "-conductivity"},
    ],
)
def test_csv_is_streamed_with_the_rows_it_had_before(knowledge, client, params):
    response = client.get("/materials.csv", params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="materials.csv"'
    text = b"".join(response.streaming_content).decode()
    assert text == _as_before(params)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) > 1, params
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)


def test_csv_reads_the_rows_in_chunks(knowledge, client, monkeypatch):
    """A chunk smaller than the result: several fetches from the cursor, the same file."""
    monkeypatch.setattr("electrolytes.views.materials.CSV_CHUNK", 3)
    text = b"".join(client.get("/materials.csv").streaming_content).decode()
    assert text == _as_before({})
    assert text.count("\r\n") > 3 + 1
