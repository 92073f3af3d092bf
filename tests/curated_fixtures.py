"""The curated screening files (fixtures/09_*screening*.json onwards) as data: one CuratedFile a file, with what it
has to hold, so that the rules every such file follows are written once (tests/test_screening_fixtures.py).

Each file's expected values sit here next to the table; the tests peculiar to one file stay in that file's tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# The columns of a pinned value, in order; a file may pin another field in place of the method.
COLUMNS = ("material", "property", "value", "reported_unit", "reference", "method", "temperature_k")
FOREIGN_KEYS = {"material", "property", "reference"}
SCREENING_PROPERTIES = frozenset(
    {
        "oxidation_limit",
        "reduction_limit",
        "activation_energy",
        "moisture_stability",
        "lithium_metal_stability",
        "critical_current_density",
    }
)


class Bibliography(NamedTuple):
    """What a new reference carries; "" or None where the text read did not show it (first author None: no names)."""

    kind: str
    doi: str
    year: int | None
    journal: str
    first_author: str | None


class NewMaterial(NamedTuple):
    electrolyte_class: str
    family: str
    kind: str
    physical_state: str
    formula: str
    roles: list[str]  # component roles, in order


@cache
def objects(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.json"))


@dataclass(frozen=True)
class CuratedFile:
    name: str
    pks: range
    values: dict[int, tuple]  # pk: one entry a column
    references: dict[str, Bibliography]  # the references the file adds
    reused_references: frozenset[str]  # cited, but added by another fixture
    builds_on: tuple[str, ...]  # files bootstrap has to load first
    new_materials: dict[str, NewMaterial] = field(default_factory=dict)
    powers_of_ten: int = 0  # values written "a × 10^b"
    columns: tuple[str, ...] = COLUMNS
    # Properties for which every value of the file fills a gap: a (material, property) pair that no file loaded
    # before it (by name) holds.
    fills_gaps: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> Path:
        return FIXTURES / self.name

    def objects(self, model: str) -> list[dict]:
        return [obj for obj in objects(self.path) if obj["model"] == f"electrolytes.{model}"]

    def elsewhere(self, model: str) -> list[dict]:
        """The objects of that model in every other fixture file."""
        return [
            obj
            for path in fixture_files()
            if path != self.path
            for obj in objects(path)
            if obj["model"] == f"electrolytes.{model}"
        ]

    def measurement_rows(self) -> dict[int, tuple]:
        """The file's measurements in the shape of ``values``."""
        return {
            obj["pk"]: tuple(
                obj["fields"][column][0] if column in FOREIGN_KEYS else obj["fields"][column] for column in self.columns
            )
            for obj in self.objects("measurement")
        }

    def object_keys(self) -> set[tuple[str, int]]:
        return {(obj["model"], obj["pk"]) for obj in objects(self.path) if "pk" in obj}

    def key_clashes(self) -> set[tuple[str, int]]:
        """The (model, pk) pairs of this file that another fixture file uses too."""
        others = {
            (obj["model"], obj["pk"])
            for path in fixture_files()
            if path != self.path
            for obj in objects(path)
            if "pk" in obj
        }
        return self.object_keys() & others


# --- 09_screening_curated.json ---
CURATED_VALUES = {
    23010: ("li7la3zr2o12", "lithium_metal_stability", 3, "level", "aktekin2023-ctta", "other", None),
    23011: ("li6ps5cl", "lithium_metal_stability", 2, "level", "aktekin2023-ctta", "other", 298.15),
    23012: ("beta-li3ps4", "lithium_metal_stability", 2, "level", "aktekin2023-ctta", "other", None),
    23013: ("li2zrcl6", "lithium_metal_stability", 2, "level", "wang2022-halide-prospects", "galvanostatic", None),
    23014: ("lipon-sputtered-film", "activation_energy", 0.63, "eV", "put2016-lipon-sputtered", "eis", None),
    23015: ("lipon-sputtered-film", "activation_energy", 0.53, "eV", "put2016-lipon-sputtered", "eis", None),
    23016: ("lipon-sputtered-film", "lithium_metal_stability", 2, "level", "famprikis2019-fundamentals", "other", None),
    23017: ("pvdfhfp-ca-gel", "oxidation_limit", 4.81, "V", "wei2024-pvdfhfp-ca-gel", "not_specified", None),
    # Every material needs a sourced conductivity (tests/test_fixtures.py): the two new ones, from the same abstracts.
    23019: ("lipon-sputtered-film", "ionic_conductivity", 1e-06, "S/cm", "put2016-lipon-sputtered", "eis", 298.15),
    23020: (
        "pvdfhfp-ca-gel",
        "ionic_conductivity",
        0.001087,
        "S/cm",
        "wei2024-pvdfhfp-ca-gel",
        "not_specified",
        298.15,
    ),
}
CURATED_MATERIALS = {
    "lipon-sputtered-film": NewMaterial("oxide", "lipon", "mixture", "solid", "", []),
    "pvdfhfp-ca-gel": NewMaterial(
        "quasi-solid-polymer", "plasticized-polymer", "mixture", "gel", "", ["polymer_host", "additive"]
    ),
}
CURATED_REFERENCES = {
    "famprikis2019-fundamentals": Bibliography(
        "review", "10.1038/s41563-019-0431-3", 2019, "Nature Materials", "Famprikis, Theodosios"
    ),
    "put2016-lipon-sputtered": Bibliography("article", "", 2016, "ACS Applied Materials & Interfaces", "Put, Brecht"),
    "wei2024-pvdfhfp-ca-gel": Bibliography(
        "article", "10.1016/j.cej.2024.157725", 2024, "Chemical Engineering Journal", "Wei, Xiaoxuan"
    ),
}

# --- 10_screening_ea_window.json ---
EA_WINDOW_VALUES = {
    24010: (
        "pegma-etpta-pvdfhfp-sipn-gel",
        "ionic_conductivity",
        0.00146,
        "S/cm",
        "sipn-pegma-etpta-pvdfhfp-gel",
        "not_specified",
        298.15,
    ),
    24011: (
        "pegma-etpta-pvdfhfp-sipn-gel",
        "oxidation_limit",
        4.7,
        "V",
        "sipn-pegma-etpta-pvdfhfp-gel",
        "not_specified",
        None,
    ),
    24012: ("lagp", "oxidation_limit", 4.27, "V", "zhu2015-windows", "computed", None),
    24013: ("lagp", "reduction_limit", 2.7, "V", "zhu2015-windows", "computed", None),
    24014: ("li6-75la3zr1-75nb0-25o12", "ionic_conductivity", 0.0008, "mS/cm", "ohta2011-nb-llzo", "eis", 298.15),
    24015: (
        "li6-75la3zr1-75nb0-25o12",
        "activation_energy",
        0.31092808969853186,
        "kJ/mol",
        "ohta2011-nb-llzo",
        "eis",
        None,
    ),
    24016: (
        "li6-5la3zr1-5ta0-1nb0-4o12",
        "ionic_conductivity",
        0.00104,
        "S/cm",
        "tn-llzo-codoping-pressureless",
        "not_specified",
        295.15,
    ),
    24017: (
        "li6-5la3zr1-5ta0-1nb0-4o12",
        "activation_energy",
        0.41,
        "eV",
        "tn-llzo-codoping-pressureless",
        "not_specified",
        None,
    ),
    24018: ("lizr2-po4-3", "activation_energy", 0.41, "eV", "hanghofer2019-lzp-dynamics", "eis", None),
    24019: (
        "li7p3s11",
        "activation_energy",
        0.12437123587941276,
        "kJ/mol",
        "li2s-p2s5-glass-ceramics-high-conducting",
        "not_specified",
        None,
    ),
    24020: (
        "pvdfhfp-la2o3-cpe",
        "ionic_conductivity",
        0.0033,
        "mS/cm",
        "xiao2012-pvdfhfp-la2o3",
        "not_specified",
        298.15,
    ),
    24021: ("pvdfhfp-la2o3-cpe", "oxidation_limit", 4.5, "V", "xiao2012-pvdfhfp-la2o3", "not_specified", None),
    24022: (
        "pan-pmma-pyr14tfsi-gel",
        "ionic_conductivity",
        0.0036,
        "S/cm",
        "jms2012-pan-pmma-pyr14tfsi-gel",
        "not_specified",
        298.15,
    ),
    24023: (
        "pan-pmma-pyr14tfsi-gel",
        "oxidation_limit",
        5.0,
        "V",
        "jms2012-pan-pmma-pyr14tfsi-gel",
        "not_specified",
        None,
    ),
}
EA_WINDOW_REFERENCES = {
    "sipn-pegma-etpta-pvdfhfp-gel": Bibliography("article", "", None, "", None),
    "ohta2011-nb-llzo": Bibliography("article", "", 2011, "Journal of Power Sources", "Ohta, S."),
    "tn-llzo-codoping-pressureless": Bibliography("article", "", None, "", None),
    "hanghofer2019-lzp-dynamics": Bibliography("article", "", 2019, "", "Hanghofer, Isabel"),
    "li2s-p2s5-glass-ceramics-high-conducting": Bibliography("article", "", None, "", None),
    "xiao2012-pvdfhfp-la2o3": Bibliography(
        "article", "10.1007/s11771-012-1417-3", 2012, "Journal of Central South University", "Xiao, Wei"
    ),
    "jms2012-pan-pmma-pyr14tfsi-gel": Bibliography("article", "", 2012, "Journal of Membrane Science", None),
}
GEL = NewMaterial("quasi-solid-polymer", "plasticized-polymer", "mixture", "gel", "", ["polymer_host", "plasticizer"])
EA_WINDOW_MATERIALS = {
    "pegma-etpta-pvdfhfp-sipn-gel": GEL._replace(roles=["monomer", "cross_linker", "polymer_host", "plasticizer"]),
    "li6-75la3zr1-75nb0-25o12": NewMaterial("oxide", "garnet", "compound", "solid", "Li6.75La3Zr1.75Nb0.25O12", []),
    "li6-5la3zr1-5ta0-1nb0-4o12": NewMaterial("oxide", "garnet", "compound", "solid", "Li6.5La3Zr1.5Ta0.1Nb0.4O12", []),
    "pvdfhfp-la2o3-cpe": NewMaterial(
        "composite-polymer", "polymer-ceramic-composite", "mixture", "gel", "", ["polymer_host", "ceramic_filler"]
    ),
    "pan-pmma-pyr14tfsi-gel": GEL,
}

# --- 11_screening_moisture_li.json ---
MOISTURE_LI_VALUES = {
    25000: ("lipon-sputtered-film", "moisture_stability", 3, "level", "liu2006-lipon-humid", "exposure", None),
    25001: (
        "li9-54si1-74p1-44s11-7cl0-3",
        "moisture_stability",
        1,
        "level",
        "lu2021-gas-phase-sulfide",
        "exposure",
        None,
    ),
    25002: ("beta-li3ps4", "moisture_stability", 1, "level", "lu2021-gas-phase-sulfide", "exposure", None),
    25003: ("li7p3s11", "moisture_stability", 1, "level", "zhou2020-fes2-doped-li7p3s11", "exposure", 295.15),
    25004: ("beta-li3ps4", "moisture_stability", 2, "level", "ni2022-li3ps4-bi-o", "exposure", None),
    25010: ("lagp", "lithium_metal_stability", 1, "level", "paolella2020-lagp-li", "other", None),
    25013: ("li10snp2s12", "lithium_metal_stability", 1, "level", "lsps2018-li-interface", "not_specified", None),
    25014: ("pmca-litfsa-spe", "lithium_metal_stability", 2, "level", "nakano2016-pmca", "not_specified", None),
    25011: ("lizr2-po4-3", "lithium_metal_stability", 2, "level", "li2016-lzp", "not_specified", None),
    25012: ("peo-litfsi-srtio3-llzto", "lithium_metal_stability", 2, "level", "liang2026-plls", "galvanostatic", None),
    25020: ("beta-li3ps4", "critical_current_density", 0.7, "mA/cm2", "ni2022-li3ps4-bi-o", "galvanostatic", None),
    25021: ("li6ps5br", "critical_current_density", 0.2, "mA/cm2", "li2024-he-argyrodite", "galvanostatic", None),
}
MOISTURE_LI_REFERENCES = {
    "liu2006-lipon-humid": Bibliography(
        "article", "10.3866/pku.whxb20061121", 2006, "Acta Phys. -Chim. Sin.", "Liu, Wen-Yuan"
    ),
    "lu2021-gas-phase-sulfide": Bibliography(
        "article", "10.1002/adma.202100921", 2021, "Advanced Materials", "Lu, Pushun"
    ),
    "zhou2020-fes2-doped-li7p3s11": Bibliography("article", "10.1016/j.cej.2019.123529", None, "", "Zhou, Lei"),
    "paolella2020-lagp-li": Bibliography(
        "article", "10.1002/aenm.202001497", 2020, "Advanced Energy Materials", "Paolella, Andrea"
    ),
    "lsps2018-li-interface": Bibliography("article", "10.1021/acsami.8b08860", 2018, "ACS Appl Mater Interfaces", None),
    "ni2022-li3ps4-bi-o": Bibliography(
        "article", "10.1002/adfm.202205998", 2022, "Advanced Functional Materials", "Ni, Yu"
    ),
    "li2024-he-argyrodite": Bibliography(
        "article", "10.1002/adfm.202312832", 2024, "Advanced Functional Materials", "Li, Wenjin"
    ),
}

# --- 12_screening_window_more.json: it pins the qualifier (">" for a lower bound) in place of the method ---
WINDOW_MORE_COLUMNS = ("material", "property", "value", "reported_unit", "reference", "qualifier", "temperature_k")
WINDOW_MORE_VALUES = {
    26010: (
        "pvdfhfp-pmma-vbimtfsi-litfsi-spe",
        "ionic_conductivity",
        0.000111,
        "S/cm",
        "polymers2022-pvdfhfp-pil-spe",
        "=",
        303.15,
    ),
    26011: ("pvdfhfp-pmma-vbimtfsi-litfsi-spe", "oxidation_limit", 4.7, "V", "polymers2022-pvdfhfp-pil-spe", "=", None),
    26012: (
        "pvdfhfp-bmimscn-40-spe",
        "ionic_conductivity",
        0.00015,
        "mS/cm",
        "serra-il-fluoropolymer-spe",
        "=",
        298.15,
    ),
    26013: ("pvdfhfp-bmimscn-40-spe", "oxidation_limit", 5.0, "V", "serra-il-fluoropolymer-spe", "=", None),
    26014: ("pvdfhfp-ylatp7-cpe", "ionic_conductivity", 0.000628, "S/cm", "figshare-pvdfhfp-ylatp-cpe", "=", 298.15),
    26015: ("pvdfhfp-ylatp7-cpe", "oxidation_limit", 5.0, "V", "figshare-pvdfhfp-ylatp-cpe", ">", None),
    26016: (
        "pvdf-pvca-llzto-spe",
        "ionic_conductivity",
        0.000425,
        "S/cm",
        "batteries2023-llzto-pvdf-pfpc",
        "=",
        303.15,
    ),
    26017: ("pvdf-pvca-llzto-spe", "oxidation_limit", 4.6, "V", "batteries2023-llzto-pvdf-pfpc", ">", None),
}
WINDOW_MORE_REFERENCES = {
    "polymers2022-pvdfhfp-pil-spe": Bibliography("article", "10.3390/polym14101950", 2022, "Polymers (Basel)", None),
    "serra-il-fluoropolymer-spe": Bibliography("article", "", None, "", "Serra, J.P."),
    "figshare-pvdfhfp-ylatp-cpe": Bibliography("article", "", None, "", None),
    "batteries2023-llzto-pvdf-pfpc": Bibliography("article", "10.3390/batteries9050257", 2023, "Batteries", None),
}
SPE = NewMaterial("solid-polymer", "pvdf-based", "mixture", "solid", "", [])
CPE = NewMaterial("composite-polymer", "polymer-ceramic-composite", "mixture", "solid", "", [])
WINDOW_MORE_MATERIALS = {
    "pvdfhfp-pmma-vbimtfsi-litfsi-spe": SPE._replace(roles=["polymer_host", "polymer_host", "lithium_salt"]),
    "pvdfhfp-bmimscn-40-spe": SPE._replace(roles=["polymer_host", "plasticizer"]),
    "pvdfhfp-ylatp7-cpe": CPE._replace(roles=["polymer_host", "ceramic_filler"]),
    "pvdf-pvca-llzto-spe": CPE._replace(roles=["polymer_host", "polymer_host", "ceramic_filler"]),
}

# --- 13_screening_stability_more.json ---
STABILITY_MORE_VALUES = {
    26500: ("li10gep2s12", "moisture_stability", 1, "level", "weng2022-lgps-air-exposure", "exposure", None),
    26502: ("li2zrcl6", "moisture_stability", 3, "level", "wang2021-li2zrcl6", "exposure", None),
    26503: ("li6ps5br", "moisture_stability", 1, "level", "jiang2023-cubr-argyrodite", "exposure", None),
    26510: (
        "li6-5la3zr1-5ta0-5o12",
        "lithium_metal_stability",
        3,
        "level",
        "fenrg2016-llzto-llzno-li",
        "galvanostatic",
        None,
    ),
    26520: ("li6ps5br", "critical_current_density", 0.5, "mA/cm2", "jiang2023-cubr-argyrodite", "galvanostatic", None),
}
STABILITY_MORE_REFERENCES = {
    "weng2022-lgps-air-exposure": Bibliography(
        "article", "10.1088/2752-5724/ac66f5", 2022, "Materials Futures", "Weng, Wei"
    ),
    "fenrg2016-llzto-llzno-li": Bibliography(
        "article", "10.3389/fenrg.2016.00020", 2016, "Frontiers in Energy Research", None
    ),
    "jiang2023-cubr-argyrodite": Bibliography(
        "article", "10.1016/j.ensm.2023.01.018", 2023, "Energy Storage Materials", "Jiang, Z."
    ),
}

# --- 14_screening_oxides.json: gaps of the oxide electrolytes (garnet, NASICON, LiPON) ---
OXIDES_VALUES = {
    27000: ("li6-4la3zr1-4ta0-6o12", "activation_energy", 0.35, "eV", "li2012-garnet", "eis", None),
    27001: ("lipon-sputtered-film", "oxidation_limit", 5.5, "V", "yu1997-lipon-stable", "lsv", None),
    27002: ("lipon-sputtered-film", "reduction_limit", 0.0, "V", "yu1997-lipon-stable", "lsv", None),
    27003: ("lipon-sputtered-film", "activation_energy", 0.55, "eV", "yu1997-lipon-stable", "eis", None),
    27004: ("lagp", "moisture_stability", 4, "level", "he2014-lagp-aqueous", "exposure", None),
    27005: (
        "lipon-ald-li2po2n",
        "lithium_metal_stability",
        3,
        "level",
        "leung2018-lipon-li-kinetics",
        "computed",
        None,
    ),
}
OXIDES_REFERENCES = {
    "yu1997-lipon-stable": Bibliography("article", "10.1149/1.1837443", 1997, "J. Electrochem. Soc.", "Yu, X."),
    "he2014-lagp-aqueous": Bibliography("article", "", 2014, "Solid State Ionics", "He, Kun"),
    "leung2018-lipon-li-kinetics": Bibliography("article", "10.1002/cssc.201800027", 2018, "", "Leung, Kevin"),
}
# --- 15_screening_sulfides.json: windows and activation energies of the sulfides; it pins the qualifier, since the
# argyrodite windows are bounds (">" above, "<" below the swept range) ---
SULFIDES_COLUMNS = ("material", "property", "value", "reported_unit", "reference", "qualifier", "method")
SULFIDES_VALUES = {
    28000: ("li6ps5br", "activation_energy", 0.27, "eV", "li2024-he-argyrodite", "=", "eis"),
    28001: ("li6-6p0-4ge0-6s5i", "activation_energy", 0.16, "eV", "zhang2019-sulfide-sse-review", "=", "not_specified"),
    28002: (
        "li9-54si1-74p1-44s11-7cl0-3",
        "activation_energy",
        0.23837820210220778,
        "kJ/mol",
        "zhang2019-sulfide-sse-review",
        "=",
        "not_specified",
    ),
    28010: (
        "li9-54si1-74p1-44s11-7cl0-3",
        "oxidation_limit",
        3.1,
        "V",
        "zhang2019-sulfide-sse-review",
        "=",
        "not_specified",
    ),
    28011: (
        "li9-54si1-74p1-44s11-7cl0-3",
        "reduction_limit",
        0.7,
        "V",
        "zhang2019-sulfide-sse-review",
        "=",
        "not_specified",
    ),
    28012: ("li6ps5br", "oxidation_limit", 7.0, "V", "wu2021-sulfide-assb-review", ">", "cv"),
    28013: ("li6ps5br", "reduction_limit", 0.5, "V", "wu2021-sulfide-assb-review", "<", "cv"),
    28014: ("li6ps5i", "oxidation_limit", 7.0, "V", "wu2021-sulfide-assb-review", ">", "cv"),
    28015: ("li6ps5i", "reduction_limit", 0.5, "V", "wu2021-sulfide-assb-review", "<", "cv"),
}
SULFIDES_REFERENCES = {
    "zhang2019-sulfide-sse-review": Bibliography(
        "review", "10.1002/adma.201901131", 2019, "Advanced Materials", "Zhang, Qing"
    ),
    "wu2021-sulfide-assb-review": Bibliography(
        "review", "10.1002/adma.202000751", 2021, "Advanced Materials", "Wu, Jinghua"
    ),
}

# --- 16_screening_halides.json: window, activation energy, moisture and CCD values for the halides (issue 12) ---
HALIDES_VALUES = {
    29000: ("li3incl6", "oxidation_limit", 4.1, "V", "zhang2023-lrm-halide-assb", "lsv", None),
}
HALIDES_REFERENCES = {
    "zhang2023-lrm-halide-assb": Bibliography(
        "article", "10.1021/acsami.2c21569", 2023, "ACS Applied Materials & Interfaces", "Zhang, Anbang"
    ),
}

# --- 17_screening_polymers_more.json: window ends and lithium-metal levels for polymers (issue 12) ---
POLYMERS_MORE_VALUES = {
    30000: ("pvdfhfp-bmimscn-40-spe", "reduction_limit", 0.0, "V", "serra-il-fluoropolymer-spe", "not_specified", None),
    30010: (
        "pvdfhfp-ylatp7-cpe",
        "lithium_metal_stability",
        2,
        "level",
        "figshare-pvdfhfp-ylatp-cpe",
        "other",
        None,
    ),
    30011: (
        "pvdf-pvca-llzto-spe",
        "lithium_metal_stability",
        2,
        "level",
        "batteries2023-llzto-pvdf-pfpc",
        "not_specified",
        None,
    ),
    30012: (
        "pdadmatfsi-emimtfsi-gel",
        "lithium_metal_stability",
        2,
        "level",
        "safa2016-pil-gel",
        "not_specified",
        None,
    ),
}
POLYMERS_MORE_REFERENCES: dict[str, Bibliography] = {}

# --- 18_screening_fulltext.json: gaps filled from full texts (review tables naming their primary papers) ---
FULLTEXT_VALUES = {
    31000: (
        "li3-25ge0-25p0-75s4",
        "activation_energy",
        0.20728539313235458,
        "kJ/mol",
        "zhang2019-sulfide-sse-review",
        "not_specified",
        None,
    ),
    31001: ("li3-25ge0-25p0-75s4", "reduction_limit", 1.71, "V", "zhang2019-sulfide-sse-review", "computed", None),
    31002: ("li3-25ge0-25p0-75s4", "oxidation_limit", 2.14, "V", "zhang2019-sulfide-sse-review", "computed", None),
}
FULLTEXT_REFERENCES: dict[str, Bibliography] = {}

# --- 21_screening_moisture_round2.json ---
MOISTURE_ROUND2_VALUES = {
    34000: (
        "li6-75la3zr1-75nb0-25o12",
        "moisture_stability",
        3,
        "level",
        "moist2-llnzo-water-exchange-2015",
        "exposure",
        None,
    ),
    34001: ("li6-5la3zr1-5ta0-5o12", "moisture_stability", 3, "level", "moist2-llzt-water-2015", "exposure", None),
}
MOISTURE_ROUND2_REFERENCES = {
    "moist2-llnzo-water-exchange-2015": Bibliography("article", "", 2015, "Journal of Power Sources", None),
    "moist2-llzt-water-2015": Bibliography("article", "", 2015, "Solid State Ionics", None),
}

# --- 22_screening_ea_round3.json: Arrhenius activation energies for materials that had none (issue 12, round 3) ---
EA_ROUND3_VALUES = {
    35000: ("li2-5zn0-25ps4", "activation_energy", 0.33, "eV", "ea3-feng2020-lzps-cl-doping", "not_specified", None),
}
EA_ROUND3_REFERENCES = {
    "ea3-feng2020-lzps-cl-doping": Bibliography("article", "", 2020, "", "Feng, Xuyong"),
}

# --- 24_screening_moisture_round3.json: moisture levels for materials that had none (issue 12, round 3) ---
MOISTURE_ROUND3_VALUES = {
    37000: ("li10snp2s12", "moisture_stability", 2, "level", "moist3-liu2022-lspso-oxygen-doping", "exposure", None),
}
MOISTURE_ROUND3_REFERENCES = {
    "moist3-liu2022-lspso-oxygen-doping": Bibliography(
        "article", "10.1016/j.jallcom.2022.166731", 2022, "Journal of Alloys and Compounds", "Liu, D."
    ),
}

# --- 26_screening_ea_round4.json: Arrhenius activation energies for materials that had none (issue 12, round 4) ---
EA_ROUND4_VALUES = {
    39000: ("li10snp2s12", "activation_energy", 0.6, "eV", "zhang2019-sulfide-sse-review", "not_specified", None),
}
EA_ROUND4_REFERENCES: dict[str, Bibliography] = {}

# --- 28_screening_ea_round5.json: Arrhenius activation energies for materials that had none (issue 12, round 5) ---
EA_ROUND5_VALUES = {
    41000: ("li6ps5i", "activation_energy", 0.424, "eV", "ea5-lpsi-sn-substitution-2020", "eis", None),
}
EA_ROUND5_REFERENCES = {
    "ea5-lpsi-sn-substitution-2020": Bibliography("article", "", 2020, "Advanced Energy Materials", None),
}

# --- 29_screening_moisture_round5.json: moisture levels for materials that had none (issue 12, round 5) ----------
MOISTURE_ROUND5_VALUES = {
    42000: ("li6ps5i", "moisture_stability", 1, "level", "moist5-jiang2021-in-doped-li6ps5i", "exposure", None),
}
MOISTURE_ROUND5_REFERENCES = {
    "moist5-jiang2021-in-doped-li6ps5i": Bibliography(
        "article", "10.1002/aenm.202101521", 2021, "Advanced Energy Materials", "Jiang, Zhao"
    ),
}

CURATED = CuratedFile(
    "09_screening_curated.json",
    pks=range(23000, 24000),
    values=CURATED_VALUES,
    references=CURATED_REFERENCES,
    reused_references=frozenset({"aktekin2023-ctta", "wang2022-halide-prospects"}),
    builds_on=("00_properties.json", "02_references.json", "04_materials.json"),
    new_materials=CURATED_MATERIALS,
    powers_of_ten=2,
)
EA_WINDOW = CuratedFile(
    "10_screening_ea_window.json",
    pks=range(24000, 25000),
    values=EA_WINDOW_VALUES,
    references=EA_WINDOW_REFERENCES,
    reused_references=frozenset({"zhu2015-windows"}),
    builds_on=("09_screening_curated.json",),
    new_materials=EA_WINDOW_MATERIALS,
    powers_of_ten=3,
)
MOISTURE_LI = CuratedFile(
    "11_screening_moisture_li.json",
    pks=range(25000, 26000),
    values=MOISTURE_LI_VALUES,
    references=MOISTURE_LI_REFERENCES,
    reused_references=frozenset({"li2016-lzp", "liang2026-plls", "nakano2016-pmca"}),
    builds_on=("04_materials.json",),
)
WINDOW_MORE = CuratedFile(
    "12_screening_window_more.json",
    pks=range(26000, 26500),
    values=WINDOW_MORE_VALUES,
    references=WINDOW_MORE_REFERENCES,
    reused_references=frozenset(),
    builds_on=("01_taxonomy.json", "11_screening_moisture_li.json"),
    new_materials=WINDOW_MORE_MATERIALS,
    powers_of_ten=3,
    columns=WINDOW_MORE_COLUMNS,
)
STABILITY_MORE = CuratedFile(
    "13_screening_stability_more.json",
    pks=range(26500, 27000),
    values=STABILITY_MORE_VALUES,
    references=STABILITY_MORE_REFERENCES,
    reused_references=frozenset({"wang2021-li2zrcl6"}),
    builds_on=("04_materials.json",),
    fills_gaps=frozenset({"moisture_stability", "lithium_metal_stability"}),
)
OXIDES = CuratedFile(
    "14_screening_oxides.json",
    pks=range(27000, 28000),
    values=OXIDES_VALUES,
    references=OXIDES_REFERENCES,
    reused_references=frozenset({"li2012-garnet"}),
    builds_on=("02_references.json", "04_materials.json", "06_screening_inorganic.json", "09_screening_curated.json"),
    fills_gaps=frozenset({"moisture_stability", "lithium_metal_stability", "oxidation_limit", "reduction_limit"}),
)
SULFIDES = CuratedFile(
    "15_screening_sulfides.json",
    pks=range(28000, 29000),
    values=SULFIDES_VALUES,
    references=SULFIDES_REFERENCES,
    reused_references=frozenset({"li2024-he-argyrodite"}),
    builds_on=("04_materials.json", "11_screening_moisture_li.json"),
    columns=SULFIDES_COLUMNS,
    fills_gaps=SCREENING_PROPERTIES,
)
HALIDES = CuratedFile(
    "16_screening_halides.json",
    pks=range(29000, 30000),
    values=HALIDES_VALUES,
    references=HALIDES_REFERENCES,
    reused_references=frozenset(),
    builds_on=("00_properties.json", "04_materials.json"),
)
POLYMERS_MORE = CuratedFile(
    "17_screening_polymers_more.json",
    pks=range(30000, 31000),
    values=POLYMERS_MORE_VALUES,
    references=POLYMERS_MORE_REFERENCES,
    reused_references=frozenset(
        {
            "serra-il-fluoropolymer-spe",
            "figshare-pvdfhfp-ylatp-cpe",
            "batteries2023-llzto-pvdf-pfpc",
            "safa2016-pil-gel",
        }
    ),
    builds_on=("12_screening_window_more.json",),
    fills_gaps=SCREENING_PROPERTIES,
)
FULLTEXT = CuratedFile(
    "18_screening_fulltext.json",
    pks=range(31000, 32000),
    values=FULLTEXT_VALUES,
    references=FULLTEXT_REFERENCES,
    reused_references=frozenset({"zhang2019-sulfide-sse-review"}),
    builds_on=("04_materials.json", "15_screening_sulfides.json"),
    fills_gaps=SCREENING_PROPERTIES,
)
MOISTURE_ROUND2 = CuratedFile(
    "21_screening_moisture_round2.json",
    pks=range(34000, 35000),
    values=MOISTURE_ROUND2_VALUES,
    references=MOISTURE_ROUND2_REFERENCES,
    reused_references=frozenset(),
    builds_on=("10_screening_ea_window.json",),
    fills_gaps=frozenset({"moisture_stability"}),
)
EA_ROUND3 = CuratedFile(
    "22_screening_ea_round3.json",
    pks=range(35000, 36000),
    values=EA_ROUND3_VALUES,
    references=EA_ROUND3_REFERENCES,
    reused_references=frozenset(),
    builds_on=("00_properties.json", "04_materials.json"),
    fills_gaps=frozenset({"activation_energy"}),
)
MOISTURE_ROUND3 = CuratedFile(
    "24_screening_moisture_round3.json",
    pks=range(37000, 38000),
    values=MOISTURE_ROUND3_VALUES,
    references=MOISTURE_ROUND3_REFERENCES,
    reused_references=frozenset(),
    builds_on=("04_materials.json", "21_screening_moisture_round2.json"),
    fills_gaps=frozenset({"moisture_stability"}),
)
EA_ROUND4 = CuratedFile(
    "26_screening_ea_round4.json",
    pks=range(39000, 40000),
    values=EA_ROUND4_VALUES,
    references=EA_ROUND4_REFERENCES,
    reused_references=frozenset({"zhang2019-sulfide-sse-review"}),
    builds_on=("04_materials.json", "15_screening_sulfides.json"),
    fills_gaps=frozenset({"activation_energy"}),
)
EA_ROUND5 = CuratedFile(
    "28_screening_ea_round5.json",
    pks=range(41000, 42000),
    values=EA_ROUND5_VALUES,
    references=EA_ROUND5_REFERENCES,
    reused_references=frozenset(),
    builds_on=("00_properties.json", "04_materials.json"),
    fills_gaps=frozenset({"activation_energy"}),
)
MOISTURE_ROUND5 = CuratedFile(
    "29_screening_moisture_round5.json",
    pks=range(42000, 43000),
    values=MOISTURE_ROUND5_VALUES,
    references=MOISTURE_ROUND5_REFERENCES,
    reused_references=frozenset(),
    builds_on=("04_materials.json", "24_screening_moisture_round3.json"),
    fills_gaps=frozenset({"moisture_stability"}),
)
CURATED_FILES = (
    CURATED,
    EA_WINDOW,
    MOISTURE_LI,
    WINDOW_MORE,
    STABILITY_MORE,
    OXIDES,
    SULFIDES,
    HALIDES,
    POLYMERS_MORE,
    FULLTEXT,
    MOISTURE_ROUND2,
    EA_ROUND3,
    MOISTURE_ROUND3,
    EA_ROUND4,
    EA_ROUND5,
    MOISTURE_ROUND5,
)
