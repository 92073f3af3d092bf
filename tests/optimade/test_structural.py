"""Structural fields of OPTIMADE structures entries: exact values, the specification's rules (the optimade
package's own models), filters, query counts, and pymatgen's OptimadeRester against a live server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from optimade.models import StructureResource
from pymatgen.core import Composition, DummySpecies

from electrolytes import crystal
from tests import factories
from tests.structures import cifs

from .conftest import build_crystal_structures, build_structures

STRUCTURAL = [
    "lattice_vectors", "cartesian_site_positions", "species", "species_at_sites", "nsites", "dimension_types",
    "nperiodic_dimensions", "structure_features",
]  # fmt: skip


def entry(client, slug: str) -> dict:
    response = client.get(f"/optimade/v1/structures/{slug}")
    assert response.status_code == 200
    return response.json()["data"]


def ids(client, query: str) -> list[str]:
    response = client.get("/optimade/v1/structures", {"filter": query, "page_limit": 100})
    assert response.status_code == 200, response.json()
    return sorted(item["id"] for item in response.json()["data"])


def test_ordered_structure_fields(client, crystal_structures):
    data = entry(client, "li3ocl")
    attributes = data["attributes"]
    a = 3.91
    assert attributes["lattice_vectors"] == [[a, 0.0, 0.0], [0.0, a, 0.0], [0.0, 0.0, a]]
    assert attributes["nsites"] == 5
    assert attributes["dimension_types"] == [1, 1, 1]
    assert attributes["nperiodic_dimensions"] == 3
    assert attributes["structure_features"] == []
    assert attributes["species"] == [
        {"name": name, "chemical_symbols": [name], "concentration": [1.0]}
        for name in dict.fromkeys(attributes["species_at_sites"])
    ]
    assert sorted(attributes["species_at_sites"]) == ["Cl", "Li", "Li", "Li", "O"]
    positions = dict(zip(attributes["species_at_sites"], attributes["cartesian_site_positions"], strict=False))
    assert positions["O"] == pytest.approx([a / 2] * 3) and positions["Cl"] == pytest.approx([0, 0, 0])
    assert attributes["_ekb_structure_flags"] == []
    assert attributes["_ekb_structure_space_group"] == "Pm-3m"
    assert attributes["_ekb_structure_source"] == "curator upload"
    assert attributes["_ekb_structure_composition_difference"] == 0.0
    assert attributes["_ekb_mp_id"] == "mp-985585"  # the structure's, as the material names none
    StructureResource(**data)  # the specification's rules, as the optimade package encodes them


def test_disordered_structure_has_concentrations_vacancies_and_the_disorder_feature(client, crystal_structures):
    data = entry(client, "llto")
    attributes = data["attributes"]
    assert attributes["structure_features"] == ["disorder"]
    assert attributes["nsites"] == 10 == len(attributes["cartesian_site_positions"])
    # One species per site, in site order (what pymatgen's OptimadeRester needs for a disordered cell).
    assert [s["name"] for s in attributes["species"]] == attributes["species_at_sites"]
    shared = [
        {k: v for k, v in s.items() if k != "name"} for s in attributes["species"] if "La" in s["chemical_symbols"]
    ]
    assert sorted(shared, key=lambda s: s["concentration"]) == [
        {"chemical_symbols": ["La", "Li", "vacancy"], "concentration": [0.4, 0.4, 0.2]},
        {"chemical_symbols": ["La", "Li"], "concentration": [0.5, 0.5]},
    ]
    assert attributes["_ekb_structure_flags"] == ["partial_occupancy"]
    StructureResource(**data)


def test_entries_without_a_structure_stay_composition_only(client, crystal_structures):
    for slug in ("lgps", "llto-noli"):  # none stored; one whose CIF lost its Li (elements disagree)
        data = entry(client, slug)
        assert {name: data["attributes"][name] for name in STRUCTURAL} == {
            **dict.fromkeys(STRUCTURAL),
            "structure_features": [],
        }
        StructureResource(**data)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nsites = 5", ["li3ocl"]),
        ("nsites >= 8", ["licl", "llto"]),
        ("nsites IS KNOWN", ["li3ocl", "licl", "llto"]),
        ('structure_features HAS "disorder"', ["llto"]),
        ("cartesian_site_positions LENGTH 8", ["licl"]),
        ("species_at_sites LENGTH > 6 AND nperiodic_dimensions = 3", ["licl", "llto"]),
        ("species IS KNOWN AND lattice_vectors IS KNOWN", ["li3ocl", "licl", "llto"]),
        ('_ekb_structure_flags HAS "partial_occupancy"', ["llto"]),
        ('_ekb_structure_space_group = "Fm-3m"', ["licl"]),
        ("_ekb_structure_composition_difference < 0.001", ["li3ocl", "licl", "llto"]),
        ('elements HAS "Cl" AND NOT nsites IS KNOWN', ["lyc-a", "lyc-b"]),
    ],
)
def test_structural_filters(client, crystal_structures, query, expected):
    assert ids(client, query) == expected


def test_sort_on_nsites(client, crystal_structures):
    response = client.get("/optimade/v1/structures", {"sort": "-nsites", "page_limit": 3, "response_fields": "nsites"})
    assert [(d["id"], d["attributes"]["nsites"]) for d in response.json()["data"]] == [
        ("llto", 10),
        ("licl", 8),
        ("li3ocl", 5),
    ]


@pytest.mark.parametrize("extra", [0, 8])
def test_query_counts_are_constant_with_structures(client, crystal_structures, django_assert_num_queries, extra):
    from electrolytes import services

    for i in range(extra):
        material = factories.material(f"Rock salt {i}", "LiCl", slug=f"rock-{i}", electrolyte_class_slug="halide")
        services.structure_create_from_cif(material=material, cif_text=cifs.ORDERED_LICL)
    for n in (3, 9):
        with django_assert_num_queries(3):  # counts, page, references of the page
            data = client.get(f"/optimade/v1/structures?page_limit={n}&filter=nsites IS KNOWN").json()
        assert len(data["data"]) == min(n, 3 + extra)
    with django_assert_num_queries(2):  # the entry, its references (none to include)
        assert client.get("/optimade/v1/structures/llto").status_code == 200


# --- pymatgen's OptimadeRester against a live server ------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_optimade_rester_returns_structures_with_our_fields(live_server, properties, local_only):
    from pymatgen.ext.optimade import OptimadeRester

    build_structures()
    stored = build_crystal_structures()
    base = f"{live_server.url}/optimade/"
    # Given explicit URLs, construction only reads <url>/v1/info (twice); without any, it would contact every
    # provider known to pymatgen, and refresh_aliases=True fetches providers.optimade.org: neither is used here.
    rester = OptimadeRester([base], timeout=30)
    assert local_only and all(url == f"{base}v1/info" for url in local_only)

    snls = rester.get_snls(elements=["Li"], additional_response_fields=["_ekb_structure_flags", "_ekb_name"])[base]
    assert sorted(snls) == ["li3ocl", "licl", "llto"]  # every entry that carries a structure
    for slug, snl in snls.items():
        expected = crystal.to_pymatgen(stored[slug].lattice_vectors, stored[slug].sites)
        structure = snl.structure
        assert len(structure) == len(expected)
        assert structure.lattice.abc == pytest.approx(expected.lattice.abc)
        # pymatgen turns OPTIMADE's "vacancy" into its dummy species X_vacancy: leave those out.
        found = {el: n for el, n in structure.composition.items() if not isinstance(el, DummySpecies)}
        assert Composition(found).almost_equals(expected.composition)
        assert snl.data["_optimade"]["_ekb_name"] == stored[slug].material.name
    llto = snls["llto"].structure
    assert not llto.is_ordered
    assert snls["llto"].data["_optimade"]["_ekb_structure_flags"] == ["partial_occupancy"]
    shared = [site.species for site in llto if len(site.species) > 1]
    assert {str(sp): amount for sp, amount in shared[0].items() if str(sp) in ("La", "Li")} in (
        {"La": 0.5, "Li": 0.5},
        {"La": 0.4, "Li": 0.4},
    )
    assert all(urlsplit(url).netloc == urlsplit(live_server.url).netloc for url in local_only)
