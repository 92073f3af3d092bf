"""Hand-built data for the API tests: a small knowledge base whose every filter result is known."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from electrolytes.models import ElectrolyteClass, Material
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Throttle counters live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def curator_token(curator) -> str:
    return Token.objects.create(user=curator).key


@dataclass
class KB:
    lgps: Material
    llzo: Material
    lps: Material
    lpscl: Material
    peo: Material
    draft: Material


@pytest.fixture
def kb(properties) -> KB:
    """Five published materials and one draft, with room-temperature and hot conductivities.

    name        formula        class    family      sigma(298 K)  other
    LGPS        Li10GeP2S12    sulfide  lgps        1.2e-2 S/cm   Ea 0.25 eV; 'superionic' in a reference title
    LLZO        Li7La3Zr2O12   oxide    garnet      3e-4          1e-2 at 373 K; Ea 0.42; oxidation 6 V
    LPS         Li3PS4         sulfide  -           2e-4
    LPSCl       Li6PS5Cl       sulfide  argyrodite  2e-3 (25 °C)  Ea 0.3; oxidation 2.5 V; reduction 1.7 V
    PEO-LiTFSI  mixture        polymer  -           1e-5          1e-3 at 353 K
    LPSBr       Li6PS5Br       sulfide  argyrodite  3e-3          draft
    """
    ElectrolyteClass.objects.create(slug="sulfide", name="Sulfide", category="inorganic", display_order=1)
    ElectrolyteClass.objects.create(slug="oxide", name="Oxide", category="inorganic", display_order=2)
    ElectrolyteClass.objects.create(slug="polymer", name="Polymer", category="polymer", display_order=3)
    factories.family("lgps")
    factories.family("argyrodite")
    factories.family("garnet", electrolyte_class_slug="oxide")
    kamaya = factories.reference("kamaya2011", title="A lithium superionic conductor", doi="10.1038/nmat3066")
    other = factories.reference("murugan2007", title="Fast lithium ion conduction in garnet-type Li7La3Zr2O12")

    lgps = factories.material("LGPS", "Li10GeP2S12", family_slug="lgps", slug="lgps")
    llzo = factories.material("LLZO", "Li7La3Zr2O12", electrolyte_class_slug="oxide", family_slug="garnet", slug="llzo")
    lps = factories.material("LPS", "Li3PS4", slug="lps")
    lpscl = factories.material(
        "LPSCl", "Li6PS5Cl", family_slug="argyrodite", slug="lpscl", description="Argyrodite with chloride."
    )
    peo = factories.material(
        "PEO-LiTFSI",
        electrolyte_class_slug="polymer",
        kind=Material.Kind.MIXTURE,
        slug="peo-litfsi",
        components=[{"role": "polymer_host", "name": "PEO"}, {"role": "lithium_salt", "name": "LiTFSI"}],
    )
    draft = factories.material("LPSBr", "Li6PS5Br", family_slug="argyrodite", slug="lpsbr", status="draft")

    m = factories.measurement
    m(lgps, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=kamaya)
    m(lgps, "activation_energy", 0.25, "eV", ref=kamaya)
    m(llzo, "ionic_conductivity", 3e-4, "S/cm", temperature=298, ref=other)
    m(llzo, "ionic_conductivity", 1e-2, "S/cm", temperature=373, ref=other)
    m(llzo, "activation_energy", 0.42, "eV", ref=other)
    m(llzo, "oxidation_limit", 6.0, "V", ref=other)
    m(lps, "ionic_conductivity", 0.2, "mS/cm", temperature=298, ref=other)
    m(lpscl, "ionic_conductivity", 2, "mS/cm", temperature=25, temperature_unit="degC", ref=other)
    m(lpscl, "activation_energy", 0.3, "eV", ref=other)
    m(lpscl, "oxidation_limit", 2.5, "V", ref=other)
    m(lpscl, "reduction_limit", 1.7, "V", ref=other)
    m(peo, "ionic_conductivity", 1e-5, "S/cm", temperature=298, ref=other)
    m(peo, "ionic_conductivity", 1e-3, "S/cm", temperature=353, ref=other)
    m(draft, "ionic_conductivity", 3, "mS/cm", temperature=298, ref=other)
    return KB(lgps=lgps, llzo=llzo, lps=lps, lpscl=lpscl, peo=peo, draft=draft)
