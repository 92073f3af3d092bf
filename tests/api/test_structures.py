"""Crystal structures in the REST API: JSON on the material detail, the CIF download and its round trip."""

from __future__ import annotations

import pytest
from pymatgen.core import Structure

from electrolytes import services
from tests import factories
from tests.structures import cifs


@pytest.fixture
def li3ocl(db):
    material = factories.material("Li3OCl", "Li3OCl", slug="li3ocl", electrolyte_class_slug="halide")
    dataset = factories.reference(
        "obelix", title="OBELiX dataset", kind="dataset", licence="CC BY 4.0", doi="10.48550/arxiv.2502.14234"
    )
    structure = services.structure_create_from_cif(
        material=material,
        cif_text=cifs.LI3OCL,
        source_kind="dataset",
        source_dataset=dataset,
        source_row="4p7",
        is_close_match=True,
        positions_perturbed=True,
        mp_id="mp-985585",
    )
    return structure


def test_material_detail_carries_the_representative_structure(anonymous_client, li3ocl):
    body = anonymous_client.get("/api/v1/materials/li3ocl/").json()
    structure = body["structure"]
    assert structure["id"] == li3ocl.pk
    assert (structure["a"], structure["alpha"], structure["nsites"], structure["formula"]) == (3.91, 90.0, 5, "Li3ClO")
    assert structure["lattice_vectors"] == [[3.91, 0.0, 0.0], [0.0, 3.91, 0.0], [0.0, 0.0, 3.91]]
    assert {"label": "O1", "species": {"O": 1.0}, "abc": [0.5, 0.5, 0.5]} in structure["sites"]
    assert (structure["space_group_given"], structure["space_group_found"], structure["space_group_number_found"]) == (
        "P m -3 m",
        "Pm-3m",
        221,
    )
    assert (structure["source_kind"], structure["source_dataset"], structure["source_row"], structure["licence"]) == (
        "dataset",
        "obelix",
        "4p7",
        "CC BY 4.0",
    )
    flags = {k: structure[k] for k in ("no_lithium", "composition_mismatch", "is_close_match", "positions_perturbed",
                                       "has_partial_occupancy", "composition_difference", "mp_id")}  # fmt: skip
    assert flags == {
        "no_lithium": False,
        "composition_mismatch": False,
        "is_close_match": True,
        "positions_perturbed": True,
        "has_partial_occupancy": False,
        "composition_difference": 0.0,
        "mp_id": "mp-985585",
    }
    assert structure["cif_url"] == "http://testserver/api/v1/materials/li3ocl/structure/?format=cif"
    assert anonymous_client.get("/api/v1/materials/li3ocl/structure/").json() == structure


def test_cif_round_trip(anonymous_client, li3ocl):
    response = anonymous_client.get("/api/v1/materials/li3ocl/structure/?format=cif")
    assert response.status_code == 200
    assert response["Content-Type"] == "chemical/x-cif; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="li3ocl.cif"'
    text = response.content.decode()
    assert text.startswith("# Crystal structure of Li3OCl (Li3OCl)\n# Source: OBELiX dataset, entry 4p7, ")
    assert "licence CC BY 4.0" in text.splitlines()[1]
    assert text.endswith(cifs.LI3OCL)  # the CIF as received, after the attribution comments
    parsed = Structure.from_str(text, fmt="cif")
    assert parsed.composition.reduced_formula == "Li3ClO"
    assert parsed.lattice.abc == pytest.approx((3.91, 3.91, 3.91))
    assert parsed.lattice.angles == pytest.approx((90, 90, 90))


def test_no_structure_is_a_404_in_the_error_shape(anonymous_client, db):
    factories.material("LGPS", "Li10GeP2S12", slug="lgps")
    for url in ("/api/v1/materials/lgps/structure/?format=cif", "/api/v1/materials/lgps/structure/"):
        response = anonymous_client.get(url)
        assert response.status_code == 404
        assert response.json() == {
            "error": {
                "status": 404,
                "code": "not_found",
                "message": "Material 'lgps' has no crystal structure.",
                "fields": {},
            }
        }
    assert anonymous_client.get("/api/v1/materials/lgps/").json()["structure"] is None


def test_drafts_structures_are_hidden(anonymous_client, curator_client, db):
    draft = factories.material("Draft LiCl", "LiCl", slug="draft-licl", electrolyte_class_slug="halide", status="draft")
    services.structure_create_from_cif(material=draft, cif_text=cifs.ORDERED_LICL)
    assert anonymous_client.get("/api/v1/materials/draft-licl/structure/?format=cif").status_code == 404
    assert curator_client.get("/api/v1/materials/draft-licl/structure/?format=cif").status_code == 200


def test_structure_endpoint_query_count(anonymous_client, li3ocl, django_assert_num_queries):
    with django_assert_num_queries(2):  # material, its representative structure (with source)
        assert anonymous_client.get("/api/v1/materials/li3ocl/structure/?format=cif").status_code == 200
