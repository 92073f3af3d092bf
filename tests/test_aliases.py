"""Every alias in the curated table finds the material it names, in the API and in the pages' search box."""

from __future__ import annotations

import re

import pytest

from electrolytes import services
from electrolytes.aliases import ALIASES, find_alias
from tests import factories

pytestmark = pytest.mark.django_db

# alias -> (material name, formula or None, class, family, components of a mixture)
TARGETS = {
    "LLZO": ("Al-doped LLZO", "Li6.25Al0.25La3Zr2O12", "oxide", "garnet", ()),
    "LLZTO": ("Ta-doped garnet", "Li6.4La3Zr1.4Ta0.6O12", "oxide", "garnet", ()),
    "LLTO": ("Lithium lanthanum titanate", "Li0.34La0.51TiO2.94", "oxide", "perovskite", ()),
    "LATP": ("Al-doped LiTi2(PO4)3", "Li1.3Al0.3Ti1.7(PO4)3", "oxide", "nasicon", ()),
    "LAGP": ("Al-doped LiGe2(PO4)3", "Li1.5Al0.5Ge1.5(PO4)3", "oxide", "nasicon", ()),
    "LGPS": ("Kamaya's conductor", "Li10GeP2S12", "sulfide", "lgps", ()),
    "LSPSCl": ("Kato's record conductor", "Li9.54Si1.74P1.44S11.7Cl0.3", "sulfide", "lgps", ()),
    "LPSCl": ("Chloride argyrodite", "Li6PS5Cl", "sulfide", "argyrodite", ()),
    "LPSBr": ("Bromide argyrodite", "Li6PS5Br", "sulfide", "argyrodite", ()),
    "LPSI": ("Iodide argyrodite", "Li6PS5I", "sulfide", "argyrodite", ()),
    "LPS": ("Glass-ceramic thiophosphate", "Li7P3S11", "sulfide", "glass-ceramic-sulfide", ()),
    "LiPON": ("Sputtered oxynitride film", "Li2.88PO3.73N0.14", "oxide", "lipon", ()),
    "LYC": ("Yttrium chloride conductor", "Li3YCl6", "halide", "li3mx6-halide", ()),
    "LYB": ("Yttrium bromide conductor", "Li3YBr6", "halide", "li3mx6-halide", ()),
    "LIC": ("Indium chloride conductor", "Li3InCl6", "halide", "li3mx6-halide", ()),
    "LZC": ("Zirconium chloride conductor", "Li2ZrCl6", "halide", "li3mx6-halide", ()),
    "LEC": ("Erbium chloride conductor", "Li3ErCl6", "halide", "li3mx6-halide", ()),
    "PEO": ("Ether host with imide", None, "solid-polymer", None, (("polymer_host", "poly(ethylene oxide) (PEO)"),)),
    "PAN": ("Nitrile host", None, "solid-polymer", None, (("polymer_host", "polyacrylonitrile (PAN)"),)),
    "PVDF": ("Fluoropolymer host", None, "solid-polymer", None, (("polymer_host", "PVDF"),)),
    "PVDF-HFP": ("Copolymer gel", None, "solid-polymer", None, (("polymer_host", "PVDF-HFP"),)),
    "PMMA": ("Acrylic gel", None, "solid-polymer", None, (("polymer_host", "PMMA"),)),
    "PEGDA": ("Cross-linked network", None, "solid-polymer", None, (("cross_linker", "PEGDA"),)),
    "PDOL": ("Ring-opened dioxolane", None, "solid-polymer", None, (("monomer", "1,3-dioxolane (DOL)"),)),
    "PVCA": ("In-cell carbonate", None, "solid-polymer", None, (("monomer", "vinylene carbonate"),)),
    "PEC": ("Carbonate host", None, "solid-polymer", None, (("polymer_host", "poly(ethylene carbonate) (PEC)"),)),
    "PTMC": ("Trimethylene host", None, "solid-polymer", None, (("polymer_host", "PTMC"),)),
    "MEEP": ("Phosphazene host", None, "solid-polymer", None, (("polymer_host", "MEEP"),)),
    "LiTFSI": ("Imide salt mixture", None, "solid-polymer", None, (("lithium_salt", "LiTFSI"),)),
    "LiFSI": ("Fluorosulfonyl salt mixture", None, "solid-polymer", None, (("lithium_salt", "LiFSI"),)),
    "LiPF6": ("Hexafluorophosphate mixture", None, "solid-polymer", None, (("lithium_salt", "LiPF6"),)),
    "LiBOB": ("Oxalatoborate mixture", None, "solid-polymer", None, (("lithium_salt", "LiBOB"),)),
    "LiDFOB": ("Difluoro-oxalatoborate mixture", None, "solid-polymer", None, (("lithium_salt", "LiDFOB"),)),
    "LiClO4": ("Perchlorate mixture", None, "solid-polymer", None, (("lithium_salt", "LiClO4"),)),
    "LiOTf": ("Triflate mixture", None, "solid-polymer", None, (("lithium_salt", "LiCF3SO3 (LiOTf)"),)),
    "LiBF4": ("Tetrafluoroborate mixture", None, "solid-polymer", None, (("lithium_salt", "LiBF4"),)),
}
# Near-miss spellings that share letters with the aliases: an alias must rank its own material first.
DECOYS = [
    ("Lithium hypothiodiphosphate", "Li2P2S6", "sulfide", "thio-lisicon"),
    ("Lithium phosphate", "Li3PO4", "oxide", "lisicon"),
    ("La-doped LATP-like phosphate", "Li1.2La0.2Ti1.8(PO4)3", "oxide", "nasicon"),
]


def _build(name, formula, cls, family, components):
    if formula:
        family_cls = cls
        return factories.material(name, formula, electrolyte_class_slug=family_cls, family_slug=family)
    category = factories.electrolyte_class(cls, category="polymer")
    return services.material_create(
        name=name,
        kind="mixture",
        electrolyte_class=category,
        status="published",
        components=[{"role": role, "name": text} for role, text in components],
    )


@pytest.fixture
def catalogue(properties):
    for decoy in DECOYS:
        factories.material(decoy[0], decoy[1], electrolyte_class_slug=decoy[2], family_slug=decoy[3])
    return {alias: _build(*target).slug for alias, target in TARGETS.items()}


def test_every_alias_has_a_target_case():
    assert {alias.name for alias in ALIASES} == set(TARGETS)


@pytest.mark.parametrize("alias", sorted(TARGETS))
def test_alias_finds_its_material_in_the_api_first(alias, catalogue, client):
    response = client.get("/api/v1/materials/", {"q": alias})
    assert response.status_code == 200
    slugs = [row["slug"] for row in response.json()["results"]]
    assert slugs and slugs[0] == catalogue[alias], slugs


@pytest.mark.parametrize("alias", sorted(TARGETS))
def test_alias_finds_its_material_in_the_page_search(alias, catalogue, client):
    response = client.get("/materials/", {"q": alias})
    assert response.status_code == 200
    links = re.findall(r'href="/materials/([^/"]+)/"', response.content.decode())
    assert catalogue[alias] in links, links


def test_lipon_no_longer_returns_li2p2s6_first(catalogue, client):
    slugs = [row["slug"] for row in client.get("/api/v1/materials/", {"q": "LiPON"}).json()["results"]]
    assert slugs[0] == catalogue["LiPON"]


def test_elements_and_family_both_bound_a_formula_alias(catalogue, client):
    slugs = [row["slug"] for row in client.get("/api/v1/materials/", {"q": "LLTO"}).json()["results"]]
    assert "la-doped-latp-like-phosphate" not in slugs  # contains Li, La, Ti, O but is a NASICON phosphate


def test_spellings_are_normalised():
    assert find_alias("pvdf hfp").name == "PVDF-HFP"
    assert find_alias("poly-DOL").name == "PDOL"
    assert find_alias("LIPON").name == "LiPON"
    assert find_alias("garnet") is None


def test_material_page_shows_its_aliases(catalogue, client):
    text = client.get(f"/materials/{catalogue['LLZTO']}/").content.decode()
    assert 'Also known as: <abbr title="Li7La3Zr2O12 garnet and its doped forms">LLZO</abbr>, ' in text
    assert '<abbr title="Ta-doped LLZO garnet, e.g. Li6.4La3Zr1.4Ta0.6O12">LLZTO</abbr>' in text
    text = client.get(f"/materials/{catalogue['PEO']}/").content.decode()
    assert 'Also known as: <abbr title="poly(ethylene oxide)">PEO</abbr></p>' in text
