"""The curator admin's CIF upload: a good file is parsed and flagged like an import, a bad or huge one is
refused with the reason and nothing is written; the structure pages' permissions and query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from electrolytes import crystal, services
from electrolytes.models import CrystalStructure
from tests import factories

from . import cifs

ADD = "/admin/electrolytes/crystalstructure/add/"


@pytest.fixture
def llto(db):
    return factories.material("LLTO", "Li0.5La0.5TiO3", slug="llto", electrolyte_class_slug="oxide")


def upload(client, material, text: str | bytes, name: str = "llto.cif", **extra):
    content = text.encode() if isinstance(text, str) else text
    data = {"material": material.pk, "cif_file": SimpleUploadedFile(name, content, "chemical/x-cif"), **extra}
    return client.post(ADD, data)


def test_good_upload_is_parsed_checked_and_flagged(curator_client, curator, llto):
    response = upload(curator_client, llto, cifs.LITHIUM_FREE_LLTO, label="lithium-free refinement")
    assert response.status_code == 302
    structure = CrystalStructure.objects.get()
    assert (structure.material, structure.label, structure.file_name) == (llto, "lithium-free refinement", "llto.cif")
    assert (structure.source_kind, structure.uploaded_by, structure.cif_text) == (
        "upload",
        curator,
        cifs.LITHIUM_FREE_LLTO,
    )
    assert (structure.no_lithium, structure.composition_mismatch, structure.has_partial_occupancy) == (True, True, True)
    assert structure.composition_difference == pytest.approx(0.1, abs=1e-3)
    assert structure.is_representative  # the material's first structure
    assert structure.history.first().history_user == curator
    second = upload(curator_client, llto, cifs.DISORDERED_LLTO, make_representative="on")
    assert second.status_code == 302
    assert list(llto.structures.filter(is_representative=True).values_list("formula", flat=True)) == ["Li0.9La0.9Ti2O6"]
    page = curator_client.get(f"/admin/electrolytes/material/{llto.pk}/change/").content.decode()
    assert "Crystal structures (upload a CIF under Crystal structures &gt; Add)" in page
    assert "Li0.9La0.9Ti2O6" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (cifs.NOT_A_CIF, "pymatgen cannot read this CIF: Invalid CIF file with no structures!"),
        (
            cifs.NO_ATOMS,
            "pymatgen cannot read this CIF: No structure parsed for section 1 in CIF. &#x27;_atom_site_label&#x27;",
        ),
        (b"#" * (crystal.MAX_CIF_BYTES + 1024 * 1024), "The file is 3.0 MB; CIFs of up to 2 MB are accepted."),
    ],
    ids=["bad", "no-atoms", "huge"],
)
def test_bad_and_huge_files_are_refused_and_nothing_is_written(curator_client, llto, content, message):
    response = upload(curator_client, llto, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CrystalStructure.objects.count() == 0
    assert CrystalStructure.history.count() == 0


def test_mixtures_take_no_cif(curator_client, db):
    peo = factories.material("PEO-LiTFSI", "", slug="peo", kind="mixture", electrolyte_class_slug="polymer")
    response = upload(curator_client, peo, cifs.ORDERED_LICL)
    assert "Only inorganic compounds have a crystal structure; this is a mixture." in response.content.decode()
    assert CrystalStructure.objects.count() == 0


def test_readers_and_anonymous_users_cannot_upload(anonymous_client, reader_client, llto):
    assert upload(anonymous_client, llto, cifs.ORDERED_LICL).status_code == 302  # to the login page
    assert upload(reader_client, llto, cifs.ORDERED_LICL).status_code == 302
    assert CrystalStructure.objects.count() == 0


def test_change_page_and_list(curator_client, llto, django_assert_num_queries):
    structure = services.structure_create_from_cif(material=llto, cif_text=cifs.DISORDERED_LLTO)
    page = curator_client.get(f"/admin/electrolytes/crystalstructure/{structure.pk}/change/")
    assert page.status_code == 200
    assert f'href="/materials/llto/structures/{structure.pk}.cif"' in page.content.decode()
    for _ in range(3):
        services.structure_create_from_cif(material=llto, cif_text=cifs.ORDERED_LICL)
    with django_assert_num_queries(7) as first:
        curator_client.get("/admin/electrolytes/crystalstructure/")
    factories.material("LiCl", "LiCl", slug="licl", electrolyte_class_slug="halide")
    for _ in range(6):
        services.structure_create_from_cif(material=llto, cif_text=cifs.ORDERED_LICL)
    with django_assert_num_queries(len(first.captured_queries)):
        curator_client.get("/admin/electrolytes/crystalstructure/")
