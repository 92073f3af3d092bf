"""A hand-built class matrix and four materials whose every screening verdict is known.

class          li-metal dendrite high-V window ionic moisture thermal thin  line
oxide             +1       -1      +1     +2    +1     +1       +2     -2    -2
sulfide           -1       -1      -2     -2    +2     -2       +1     .     .
halide            -2       -1      +2     +1    +1     -1       +1     .     .
solid-polymer     -1       -2      -1     -1    -2     -1        0     +1   -1

material  class          sigma 298 K  other                    ox   red  Li-metal  moisture  routes / films
LLZO      oxide          5e-4         -                        6.0  0.0  3         4 (+ a flagged 1)  1500 K / 500 um
LPSCl     sulfide        2e-3         1e-2 at 353 K            2.5  1.7  2         1
LIC       halide         1e-3         -                        4.3  -    1         -
PEO       solid-polymer  1e-5         good Arrhenius fit 290-370 K (Ea 0.6 eV)      333 K / 30 um
DRAFT     oxide          1e-2         everything passes, but a draft
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from electrolytes.models import ClassAssessment, Criterion, ElectrolyteClass, Material, ProcessingRoute
from tests import factories
from tests.web.data import add_fit

RATINGS = {
    "oxide": {"li-metal-compatibility": 1, "dendrite-suppression": -1, "high-voltage-cathode-compatibility": 1,
              "electrochemical-window": 2, "ionic-conductivity": 1, "moisture-air-stability": 1,
              "thermal-stability-safety": 2, "thin-membrane-processability": -2, "manufacturing-compatibility": -2},
    "sulfide": {"li-metal-compatibility": -1, "dendrite-suppression": -1, "high-voltage-cathode-compatibility": -2,
                "electrochemical-window": -2, "ionic-conductivity": 2, "moisture-air-stability": -2,
                "thermal-stability-safety": 1},
    "halide": {"li-metal-compatibility": -2, "dendrite-suppression": -1, "high-voltage-cathode-compatibility": 2,
               "electrochemical-window": 1, "ionic-conductivity": 1, "moisture-air-stability": -1,
               "thermal-stability-safety": 1},
    "solid-polymer": {"li-metal-compatibility": -1, "dendrite-suppression": -2,
                      "high-voltage-cathode-compatibility": -1, "electrochemical-window": -1,
                      "ionic-conductivity": -2, "moisture-air-stability": -1,
                      "thermal-stability-safety": 0, "thin-membrane-processability": 1,
                      "manufacturing-compatibility": -1},
}  # fmt: skip
CRITERIA = [
    ("li-metal-compatibility", "Li-metal compatibility"),
    ("dendrite-suppression", "Dendrite suppression"),
    ("high-voltage-cathode-compatibility", "High-voltage cathode compatibility"),
    ("electrochemical-window", "Electrochemical window"),
    ("ionic-conductivity", "Ionic conductivity"),
    ("moisture-air-stability", "Moisture and air stability"),
    ("thermal-stability-safety", "Thermal stability and safety"),
    ("thin-membrane-processability", "Thin-membrane processability"),
    ("manufacturing-compatibility", "Compatibility with existing cell manufacturing"),
    ("interfacial-contact", "Interfacial contact"),
]


@dataclass
class Cell:
    llzo: Material
    lpscl: Material
    lic: Material
    peo: Material
    draft: Material


def build_matrix() -> None:
    for order, slug in enumerate(RATINGS, start=1):
        category = "polymer" if slug == "solid-polymer" else "inorganic"
        factories.electrolyte_class(slug, category=category, order=order)
    for order, (slug, name) in enumerate(CRITERIA):
        Criterion.objects.create(slug=slug, name=name, display_order=order)
    for class_slug, ratings in RATINGS.items():
        for criterion, rating in ratings.items():
            ClassAssessment.objects.create(
                electrolyte_class=ElectrolyteClass.objects.get(slug=class_slug),
                criterion=Criterion.objects.get(slug=criterion),
                rating=rating,
                explanation=f"{class_slug} on {criterion}.",
            )
    garnet_li = ClassAssessment.objects.get(electrolyte_class__slug="oxide", criterion__slug="li-metal-compatibility")
    garnet_li.references.add(factories.reference("garnet-li", title="Garnet against lithium"))


def add_route(material: Material, slug: str, peak_k: float, ref) -> None:
    ProcessingRoute.objects.create(
        slug=slug, name=slug.replace("-", " ").capitalize(), route_type="solid_state", mode="ex_situ",
        electrolyte_class=material.electrolyte_class, material=material, peak_temperature_k=peak_k, reference=ref,
    )  # fmt: skip


@pytest.fixture
def cell(properties) -> Cell:
    factories.property_definition("lithium_metal_stability")
    build_matrix()
    m = factories.measurement
    paper = factories.reference("paper-a", title="Paper A")
    other = factories.reference("paper-b", title="Paper B")

    llzo = factories.material("LLZO", "Li7La3Zr2O12", electrolyte_class_slug="oxide", slug="llzo")
    m(llzo, "ionic_conductivity", 5e-4, "S/cm", temperature=298, ref=paper)
    m(llzo, "oxidation_limit", 6.0, "V", ref=paper)
    m(llzo, "reduction_limit", 0.0, "V", ref=paper)
    m(llzo, "lithium_metal_stability", 3, "level", ref=paper)
    m(llzo, "moisture_stability", 4, "level", ref=paper)
    m(llzo, "moisture_stability", 1, "level", ref=other, flag="erroneous", flag_reason="Wrong sample.")
    m(llzo, "film_thickness", 500, "um", ref=paper)
    add_route(llzo, "llzo-sintering", 1500, paper)

    lpscl = factories.material("LPSCl", "Li6PS5Cl", electrolyte_class_slug="sulfide", slug="lpscl")
    m(lpscl, "ionic_conductivity", 2e-3, "S/cm", temperature=298, ref=paper)
    m(lpscl, "ionic_conductivity", 1e-2, "S/cm", temperature=353, ref=other)
    m(lpscl, "oxidation_limit", 2.5, "V", ref=paper)
    m(lpscl, "reduction_limit", 1.7, "V", ref=paper)
    m(lpscl, "lithium_metal_stability", 2, "level", ref=paper)
    m(lpscl, "moisture_stability", 1, "level", ref=paper)

    lic = factories.material("LIC", "Li3InCl6", electrolyte_class_slug="halide", slug="lic")
    m(lic, "ionic_conductivity", 1e-3, "S/cm", temperature=298, ref=paper)
    m(lic, "oxidation_limit", 4.3, "V", ref=other)
    m(lic, "lithium_metal_stability", 1, "level", ref=paper)

    peo = factories.material(
        "PEO-LiTFSI", electrolyte_class_slug="solid-polymer", kind=Material.Kind.MIXTURE, slug="peo"
    )
    m(peo, "ionic_conductivity", 1e-5, "S/cm", temperature=298, ref=paper)
    m(peo, "film_thickness", 30, "um", ref=other)
    add_route(peo, "peo-casting", 333, other)
    add_fit(peo, ea=0.6, prefactor=1.0e8, t_min=290, t_max=370, source=other)

    draft = factories.material(
        "Draft garnet", "Li7La3Zr2O12", electrolyte_class_slug="oxide", slug="draft", status="draft"
    )
    for key, value, unit in (
        ("ionic_conductivity", 1e-2, "S/cm"),
        ("oxidation_limit", 9, "V"),
        ("reduction_limit", 0, "V"),
    ):
        m(draft, key, value, unit, temperature=298 if key == "ionic_conductivity" else None, ref=paper)
    m(draft, "lithium_metal_stability", 3, "level", ref=paper)
    m(draft, "moisture_stability", 5, "level", ref=paper)
    return Cell(llzo=llzo, lpscl=lpscl, lic=lic, peo=peo, draft=draft)
