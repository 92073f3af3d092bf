"""The crystal structure section of the material page: content, flags in words, downloads, query counts."""

from __future__ import annotations

import pytest

from electrolytes import services
from tests import factories
from tests.structures import cifs


@pytest.fixture
def llto(properties):
    material = factories.material("LLTO", "Li0.45La0.45TiO3", slug="llto", electrolyte_class_slug="oxide")
    dataset = factories.reference("obelix", title="OBELiX dataset", kind="dataset", licence="CC BY 4.0")
    main = services.structure_create_from_cif(
        material=material,
        cif_text=cifs.DISORDERED_LLTO,
        source_kind="dataset",
        source_dataset=dataset,
        source_row="abc",
        positions_perturbed=True,
        label="tetragonal",
    )
    other = services.structure_create_from_cif(material=material, cif_text=cifs.LITHIUM_FREE_LLTO)
    return material, main, other


def test_structure_section(client, llto):
    _material, main, other = llto
    html = client.get("/materials/llto/").content.decode()
    assert "Crystal structure: tetragonal" in html
    assert "a = 3.87 Å, b = 3.87 Å, c = 7.74 Å; α = 90°, β = 90°, γ = 90°" in html
    assert "P 1 (No. 1) in the CIF; P4/mmm (No. 123) found by spglib" in html
    assert "<dd>4.627 g/cm³</dd>" in html
    assert "OBELiX dataset</a>, entry abc (CC BY 4.0)" in html
    assert "The source moved atomic positions slightly" in html
    assert "Some sites are shared by several elements or partly occupied (disorder), kept as given." in html
    assert '<details class="structure-sites">' in html and "<summary>Sites of the cell (10)</summary>" in html
    assert "<td>A2b</td><td>La 0.4, Li 0.4</td>" in html
    assert f'href="/materials/llto/structures/{main.pk}.cif"' in html
    # The other structure, with its flags in words.
    assert "The structure holds no lithium: the CIF does not describe the Li sites." in html
    assert f'href="/materials/llto/structures/{other.pk}.cif"' in html
    # The viewer script is on the page; the 3D library it fetches after the load event is named, not loaded.
    assert 'src="/static/js/structure-viewer.js"' in html and 'data-library="/static/vendor/3Dmol-min.js"' in html
    assert 'src="/static/vendor/3Dmol-min.js"' not in html
    assert 'id="structure-data"' in html


def test_cif_download_from_the_page(client, llto):
    _material, main, _other = llto
    response = client.get(f"/materials/llto/structures/{main.pk}.cif")
    assert response.status_code == 200
    assert response["Content-Type"] == "chemical/x-cif; charset=utf-8"
    text = response.content.decode()
    assert text.splitlines()[1] == "# Source: OBELiX dataset, entry abc; licence CC BY 4.0"
    assert text.endswith(cifs.DISORDERED_LLTO)
    assert client.get(f"/materials/lgps/structures/{main.pk}.cif").status_code == 404


def test_draft_structures_are_not_downloadable(client, properties):
    draft = factories.material("Draft", "LiCl", slug="draft", electrolyte_class_slug="halide", status="draft")
    structure = services.structure_create_from_cif(material=draft, cif_text=cifs.ORDERED_LICL)
    assert client.get(f"/materials/draft/structures/{structure.pk}.cif").status_code == 404


def test_material_page_queries_do_not_grow_with_structures(client, llto, django_assert_num_queries):
    material, _main, _other = llto
    plain = factories.material("LiCl", "LiCl", slug="licl", electrolyte_class_slug="halide")
    with django_assert_num_queries(7) as without:
        assert client.get("/materials/licl/").status_code == 200
    with django_assert_num_queries(len(without.captured_queries)):
        assert client.get("/materials/llto/").status_code == 200
    for _ in range(5):
        services.structure_create_from_cif(material=material, cif_text=cifs.DISORDERED_LLTO)
    with django_assert_num_queries(len(without.captured_queries)):
        assert client.get("/materials/llto/").status_code == 200
    assert plain.pk
