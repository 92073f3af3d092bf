"""GET /api/v1/materials/: every filter against hand-built data, ordering, fields=, drafts, detail."""

from __future__ import annotations

import pytest
from rest_framework.fields import DateTimeField

from tests.api.helpers import slugs

pytestmark = pytest.mark.django_db

URL = "/api/v1/materials/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["lgps", "llzo", "lps", "lpscl", "peo-litfsi"]),
        ("elements=Li,S", ["lgps", "lps", "lpscl"]),
        ("elements=Cl", ["lpscl"]),
        ("exclude_elements=Ge", ["llzo", "lps", "lpscl", "peo-litfsi"]),
        ("exclude_elements=Ge,O", ["lps", "lpscl", "peo-litfsi"]),
        ("chemsys=Li-P-S", ["lps"]),
        ("chemsys=S-P-Li", ["lps"]),
        ("chemsys=Li-P-S-Cl", ["lpscl"]),
        ("formula=Li12P2S10Cl2", ["lpscl"]),
        ("formula=Li3PS4", ["lps"]),
        ("nelements_min=4", ["lgps", "llzo", "lpscl"]),
        ("nelements_max=3", ["lps"]),
        ("nelements_min=3&nelements_max=3", ["lps"]),
        ("electrolyte_class=oxide", ["llzo"]),
        ("electrolyte_class=oxide,polymer", ["llzo", "peo-litfsi"]),
        ("family=argyrodite", ["lpscl"]),
        ("family=lgps,garnet", ["lgps", "llzo"]),
        ("kind=mixture", ["peo-litfsi"]),
        ("q=superionic", ["lgps"]),
        ("q=chloride", ["lpscl"]),
        ("q=Li6PSCl", ["lpscl"]),
        ("q=LLZO", ["llzo"]),
        ("ionic_conductivity_min=1e-3", ["lgps", "lpscl"]),
        ("ionic_conductivity_max=2.5e-4", ["lps", "peo-litfsi"]),
        ("ionic_conductivity_min=1e-4&ionic_conductivity_max=1e-3", ["llzo", "lps"]),
        ("ionic_conductivity_min=1e-3&temperature_min=350&temperature_max=380", ["llzo", "peo-litfsi"]),
        ("ionic_conductivity_min=5e-3&temperature_min=370", ["llzo"]),
        ("activation_energy_max=0.3", ["lgps", "lpscl"]),
        ("activation_energy_min=0.4", ["llzo"]),
        ("oxidation_limit_min=5", ["llzo"]),
        ("reduction_limit_max=2", ["lpscl"]),
        ("elements=Li&ionic_conductivity_min=1e-3&family=argyrodite", ["lpscl"]),
    ],
)
def test_filters_give_exactly_the_matching_published_materials(kb, anonymous_client, query, expected):
    assert slugs(anonymous_client.get(f"{URL}?{query}")) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-conductivity", ["lgps", "lpscl", "llzo", "lps", "peo-litfsi"]),
        ("conductivity", ["peo-litfsi", "lps", "llzo", "lpscl", "lgps"]),
        ("activation_energy", ["lgps", "lpscl", "llzo", "lps", "peo-litfsi"]),
        ("-nelements,name", ["lgps", "llzo", "lpscl", "lps", "peo-litfsi"]),
        ("electrolyte_class,-name", ["lpscl", "lps", "lgps", "llzo", "peo-litfsi"]),
        ("-oxidation_limit", ["llzo", "lpscl", "lgps", "lps", "peo-litfsi"]),
        ("formula", ["peo-litfsi", "lgps", "lps", "lpscl", "llzo"]),
    ],
)
def test_ordering(kb, anonymous_client, ordering, expected):
    assert slugs(anonymous_client.get(f"{URL}?ordering={ordering}")) == expected


def test_curators_filter_by_status_and_see_drafts(kb, curator_client):
    assert slugs(curator_client.get(f"{URL}?status=draft")) == ["lpsbr"]
    assert slugs(curator_client.get(f"{URL}?family=argyrodite")) == ["lpsbr", "lpscl"]
    assert slugs(curator_client.get(f"{URL}?ionic_conductivity_min=2.5e-3")) == ["lgps", "lpsbr"]


def test_drafts_are_invisible_to_the_public(kb, anonymous_client, reader_client, curator_client):
    for client in (anonymous_client, reader_client):
        assert "lpsbr" not in slugs(client.get(f"{URL}?q=LPSBr"))
        assert client.get(f"{URL}lpsbr/").status_code == 404
        assert client.get("/api/v1/measurements/?material=lpsbr").json()["count"] == 0
    assert curator_client.get(f"{URL}lpsbr/").json()["status"] == "draft"


def _stamp(value) -> str:
    return DateTimeField().to_representation(value)


ONE_CONDUCTIVITY = (
    "One source: 1 unflagged value (total conductivities measured at 293-303 K or from good fits at 25 °C)."
)
ONE_ACTIVATION = "One source: 1 unflagged value (Arrhenius activation energies, reported or from good Arrhenius fits)."
ONE_VALUE = "One source: 1 unflagged value (reported values)."


def test_list_item_carries_composition_and_room_temperature_properties(kb, anonymous_client):
    body = anonymous_client.get(f"{URL}?formula=Li6PS5Cl").json()
    lpscl = kb.lpscl
    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "url": "http://testserver/api/v1/materials/lpscl/",
                "slug": "lpscl",
                "name": "LPSCl",
                "electrolyte_class": "sulfide",
                "class_origin": "curated",
                "family": "argyrodite",
                "family_label": "",
                "kind": "compound",
                "physical_state": "solid",
                "formula": "Li6PS5Cl",
                "reduced_formula": "Li6PS5Cl",
                "elements": ["Cl", "Li", "P", "S"],
                "nelements": 4,
                "composition": {"Li": 6.0, "P": 1.0, "S": 5.0, "Cl": 1.0},
                "space_group": "",
                "icsd_ids": [],
                "mp_id": "",
                "description": "Argyrodite with chloride.",
                "status": "published",
                "polymer": None,
                "polymer_mw": None,
                "salt": None,
                "salt_molality": None,
                "eo_li": None,
                "ionic_conductivity": 0.002,
                "activation_energy": 0.3,
                "oxidation_limit": 2.5,
                "reduction_limit": 1.7,
                "headline": {
                    key: {
                        "value": value,
                        "unit": unit,
                        "temperature": temperature,
                        "n_sources": 1,
                        "min": value,
                        "max": value,
                        "agreement": "single",
                        "basis": basis,
                    }
                    for key, value, unit, temperature, basis in [
                        ("ionic_conductivity", 0.002, "S/cm", 298.15, ONE_CONDUCTIVITY),
                        ("activation_energy", 0.3, "eV", None, ONE_ACTIVATION),
                        ("oxidation_limit", 2.5, "V", None, ONE_VALUE),
                        ("reduction_limit", 1.7, "V", None, ONE_VALUE),
                    ]
                },
                "created_at": _stamp(lpscl.created_at),
                "updated_at": _stamp(lpscl.updated_at),
            }
        ],
    }


def test_composition_is_readable_by_pymatgen(kb, anonymous_client):
    from pymatgen.core import Composition

    item = anonymous_client.get(f"{URL}lgps/").json()
    assert Composition(item["composition"]).reduced_formula == "Li10Ge(PS6)2"


def test_temperature_window_changes_the_inline_conductivity(kb, anonymous_client):
    body = anonymous_client.get(f"{URL}?temperature_min=350&temperature_max=380&fields=slug,ionic_conductivity")
    assert body.json()["results"] == [
        {"slug": "lgps", "ionic_conductivity": None},
        {"slug": "llzo", "ionic_conductivity": 0.01},
        {"slug": "lps", "ionic_conductivity": None},
        {"slug": "lpscl", "ionic_conductivity": None},
        {"slug": "peo-litfsi", "ionic_conductivity": 0.001},
    ]


def test_fields_selects_returned_fields(kb, anonymous_client):
    body = anonymous_client.get(f"{URL}?chemsys=Li-P-S&fields=slug,composition,ionic_conductivity").json()
    assert body["results"] == [
        {"slug": "lps", "composition": {"Li": 3.0, "P": 1.0, "S": 4.0}, "ionic_conductivity": 0.0002}
    ]


def test_detail_includes_components(kb, anonymous_client):
    body = anonymous_client.get(f"{URL}peo-litfsi/?fields=slug,kind,components,ionic_conductivity").json()
    assert body == {
        "slug": "peo-litfsi",
        "kind": "mixture",
        "ionic_conductivity": 1e-05,
        "components": [
            {"role": "polymer_host", "name": "PEO", "formula": "", "smiles": "", "amount": None, "amount_unit": "",
             "molecular_weight": None},
            {"role": "lithium_salt", "name": "LiTFSI", "formula": "", "smiles": "", "amount": None,
             "amount_unit": "", "molecular_weight": None},
        ],
    }  # fmt: skip


def test_pagination_reports_total_and_links(kb, anonymous_client):
    body = anonymous_client.get(f"{URL}?page_size=1&page=2&elements=Li").json()
    assert body["count"] == 4
    assert body["next"] == "http://testserver/api/v1/materials/?elements=Li&page=3&page_size=1"
    assert body["previous"] == "http://testserver/api/v1/materials/?elements=Li&page_size=1"
    assert [item["slug"] for item in body["results"]] == ["llzo"]
    last = anonymous_client.get(f"{URL}?page_size=2&page=2&elements=Li").json()
    assert (last["next"], [item["slug"] for item in last["results"]]) == (None, ["lps", "lpscl"])


def test_page_size_up_to_500(kb, anonymous_client):
    assert anonymous_client.get(f"{URL}?page_size=500").status_code == 200
