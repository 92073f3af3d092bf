"""The curator admin: reference pickers that tell two papers of one first author and year apart, and a
measurement form whose help texts match the unit fields beside them."""

from __future__ import annotations

import pytest

from electrolytes.models import Reference

pytestmark = pytest.mark.django_db


def test_reference_picker_shows_title_start_and_journal(curator_client):
    common = {"authors": ["Kraft, Marvin A.", "Zeier, Wolfgang G."], "year": 2017, "kind": "article"}
    Reference.objects.create(
        key="kraft2017a",
        title="Influence of lattice polarizability on the ionic conductivity in the lithium superionic argyrodites",
        journal="Journal of the American Chemical Society",
        **common,
    )
    Reference.objects.create(key="kraft2017b", title="Short", journal="ACS Energy Letters", **common)
    response = curator_client.get(
        "/admin/autocomplete/",
        {"app_label": "electrolytes", "model_name": "measurement", "field_name": "reference", "term": "kraft"},
    )
    assert response.status_code == 200
    texts = sorted(r["text"] for r in response.json()["results"])
    assert texts == [
        "Kraft et al. (2017) · Influence of lattice polarizability on the ionic… · "
        "Journal of the American Chemical Society",
        "Kraft et al. (2017) · Short · ACS Energy Letters",
    ]
    assert str(Reference.objects.get(key="kraft2017b")) == "Kraft et al. (2017)"  # citations elsewhere unchanged


def test_measurement_form_help_texts_follow_the_unit_fields(curator_client):
    html = curator_client.get("/admin/electrolytes/measurement/add/").content.decode()
    assert "The number as the source reports it, in the unit given below" in html
    assert "In the unit chosen below (stored in K)." in html
    assert "Value in the property&#x27;s canonical unit." not in html
