"""CIF parsing, symmetry and every quality flag on small hand-written CIFs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from electrolytes import crystal, services
from electrolytes.models import CrystalStructure
from tests import factories

from . import cifs


def test_ordered_cif_lattice_sites_and_symmetry():
    parsed = crystal.parse_cif(cifs.ORDERED_LICL)
    assert (parsed.formula, parsed.nsites, parsed.elements) == ("LiCl", 8, ["Cl", "Li"])
    assert (parsed.a, parsed.b, parsed.c, parsed.alpha, parsed.beta, parsed.gamma) == (5.13, 5.13, 5.13, 90, 90, 90)
    assert parsed.volume == pytest.approx(5.13**3)
    # 4 LiCl per cell: 4 * 42.394 g/mol / (N_A * 135.0 Å^3)
    assert parsed.density == pytest.approx(4 * 42.394 / (6.02214076e23 * 5.13**3 * 1e-24), rel=1e-3)
    # Written in P1, the sites are rock salt: spglib finds Fm-3m.
    assert (parsed.space_group_given, parsed.space_group_number_given) == ("P 1", 1)
    assert (parsed.space_group_found, parsed.space_group_number_found) == ("Fm-3m", 225)
    assert parsed.sites[0] == {"label": "Li1", "species": {"Li": 1.0}, "abc": [0.0, 0.0, 0.0]}
    assert not parsed.has_partial_occupancy and not parsed.no_lithium
    assert parsed.cif_sha256 == crystal.cif_digest(cifs.ORDERED_LICL)


def test_symmetry_operations_generate_the_sites():
    parsed = crystal.parse_cif(cifs.LI3OCL)
    assert parsed.composition == {"Li": 3.0, "Cl": 1.0, "O": 1.0}
    assert parsed.nsites == 5
    assert (parsed.space_group_number_given, parsed.space_group_found) == (221, "Pm-3m")


def test_disordered_site_keeps_its_occupancies():
    parsed = crystal.parse_cif(cifs.DISORDERED_LLTO)
    assert parsed.has_partial_occupancy
    shared = [site["species"] for site in parsed.sites if len(site["species"]) > 1]
    assert sorted(shared, key=str) == [{"La": 0.4, "Li": 0.4}, {"La": 0.5, "Li": 0.5}]
    assert parsed.composition == {"La": 0.9, "Li": 0.9, "Ti": 2.0, "O": 6.0}
    species, at_sites = crystal.optimade_species(parsed.sites)
    # Disordered: one species per site, in site order, each with its own occupancies.
    assert [s["name"] for s in species] == at_sites and len(at_sites) == 10
    by_site = dict(zip([site["label"] for site in parsed.sites], species, strict=True))
    assert {k: v for k, v in by_site["A2b"].items() if k != "name"} == {
        "chemical_symbols": ["La", "Li", "vacancy"],
        "concentration": [0.4, 0.4, 0.2],
    }
    assert {k: v for k, v in by_site["A1b"].items() if k != "name"} == {
        "chemical_symbols": ["La", "Li"],
        "concentration": [0.5, 0.5],
    }
    assert by_site["A2b"]["name"].startswith("La0.4Li0.4_")
    assert sum(name.startswith("O_") for name in at_sites) == 6
    ordered, ordered_at_sites = crystal.optimade_species(crystal.parse_cif(cifs.LI3OCL).sites)
    assert sorted(s["name"] for s in ordered) == ["Cl", "Li", "O"] and len(ordered_at_sites) == 5
    assert crystal.is_disordered(parsed.sites)


def test_lithium_free_cif_is_flagged():
    parsed = crystal.parse_cif(cifs.LITHIUM_FREE_LLTO)
    assert parsed.no_lithium
    check = crystal.check_composition({"Li": 0.5, "La": 0.5, "Ti": 1.0, "O": 3.0}, parsed)
    # 0.5 Li in 5 atoms missing, La 0.667 of 4.667 instead of 0.5 of 5: 0.1 of the atoms differ in total.
    assert check.mismatch
    assert check.difference == pytest.approx(0.1, abs=1e-3)


def test_composition_mismatch_and_tolerance():
    parsed = crystal.parse_cif(cifs.DISORDERED_LLTO)
    same = crystal.check_composition({"Li": 0.45, "La": 0.45, "Ti": 1, "O": 3}, parsed)
    assert (same.mismatch, same.difference) == (False, 0.0)
    # 0.9 La and 0.9 Li in 9.8 atoms against 0.5 and 0.5 in 5: 1.6% of the atoms differ.
    close = crystal.check_composition({"Li": 0.5, "La": 0.5, "Ti": 1, "O": 3}, parsed)
    assert close.mismatch and close.difference == pytest.approx(0.0163, abs=1e-4)
    within = crystal.check_composition({"Li": 0.46, "La": 0.45, "Ti": 1, "O": 3}, parsed)
    assert not within.mismatch and 0 < within.difference <= crystal.COMPOSITION_TOLERANCE
    other_elements = crystal.check_composition({"Li": 0.45, "Y": 0.45, "Ti": 1, "O": 3}, parsed)
    assert other_elements.mismatch and other_elements.difference == pytest.approx(0.9 / 9.8, abs=1e-4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (cifs.NOT_A_CIF, "pymatgen cannot read this CIF: Invalid CIF file with no structures!"),
        (cifs.NO_ATOMS, "pymatgen cannot read this CIF: No structure parsed for section 1 in CIF. '_atom_site_label'"),
        ("", "The CIF file is empty."),
        ("#" * (crystal.MAX_CIF_BYTES + 1), "The CIF file is larger than 2 MB."),
    ],
)
def test_unusable_cifs_are_refused_with_the_reason(text, message):
    with pytest.raises(crystal.CifError) as caught:
        crystal.parse_cif(text)
    assert str(caught.value) == message


def test_cartesian_positions_and_round_trip_to_pymatgen():
    parsed = crystal.parse_cif(cifs.LI3OCL)
    positions = crystal.cartesian_positions(parsed.lattice_vectors, parsed.sites)
    assert positions[[s["label"] for s in parsed.sites].index("O1")] == pytest.approx([1.955, 1.955, 1.955])
    structure = crystal.to_pymatgen(parsed.lattice_vectors, parsed.sites)
    assert structure.composition.reduced_formula == "Li3ClO"


# --- the model and the service -------------------------------------------------------------------


@pytest.fixture
def llto(db):
    return factories.material("LLTO", "Li0.5La0.5TiO3", slug="llto", electrolyte_class_slug="oxide")


def test_upload_stores_flags_and_becomes_representative(llto, curator):
    structure = services.structure_create_from_cif(
        material=llto, cif_text=cifs.LITHIUM_FREE_LLTO, uploaded_by=curator, file_name="llto.cif"
    )
    stored = CrystalStructure.objects.get(pk=structure.pk)
    assert (stored.no_lithium, stored.composition_mismatch, stored.has_partial_occupancy) == (True, True, True)
    assert stored.composition_difference == pytest.approx(0.1, abs=1e-3)
    assert (stored.is_close_match, stored.positions_perturbed, stored.is_representative) == (False, False, True)
    assert (stored.source_kind, stored.uploaded_by, stored.cif_text) == ("upload", curator, cifs.LITHIUM_FREE_LLTO)
    second = services.structure_create_from_cif(material=llto, cif_text=cifs.DISORDERED_LLTO)
    assert not second.is_representative  # the material already has one
    services.structure_set_representative(structure=second)
    assert list(llto.structures.filter(is_representative=True)) == [second]


def test_unparsable_upload_writes_nothing(llto):
    with pytest.raises(ValidationError) as caught:
        services.structure_create_from_cif(material=llto, cif_text=cifs.NOT_A_CIF)
    assert caught.value.message_dict == {"cif": ["pymatgen cannot read this CIF: Invalid CIF file with no structures!"]}
    assert CrystalStructure.objects.count() == 0


def test_mixtures_have_no_structure(db):
    peo = factories.material("PEO-LiTFSI", "", slug="peo", kind="mixture", electrolyte_class_slug="polymer")
    with pytest.raises(ValidationError) as caught:
        services.structure_create_from_cif(material=peo, cif_text=cifs.ORDERED_LICL)
    assert caught.value.message_dict == {
        "cif": ["Only inorganic compounds have a crystal structure; this is a mixture."]
    }


def test_site_rows_filter_formats_every_site():
    from electrolytes.templatetags.structure_format import occupation, site_rows

    sites = crystal.parse_cif(cifs.DISORDERED_LLTO).sites
    html = str(site_rows(sites))
    assert html.count("<tr>") == 10
    assert '<tr><td>A2b</td><td>La 0.4, Li 0.4</td><td class="num">0.0000</td><td class="num">0.0000</td>' in html
    assert occupation({"Li": 0.33333333}) == "Li 0.3333"
    assert str(site_rows([{"label": "<b>", "species": {"O": 1.0}, "abc": [0.5, 0.25, 0.125]}])) == (
        '<tr><td>&lt;b&gt;</td><td>O 1</td><td class="num">0.5000</td><td class="num">0.2500</td>'
        '<td class="num">0.1250</td></tr>'
    )
