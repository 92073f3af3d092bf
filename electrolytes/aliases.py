"""The abbreviations and trivial names researchers type, and what each one means in the knowledge base.

Each alias maps onto materials through one rule (``Alias.condition``, a Q on Material), used both by the text
search (API ``q`` and the pages' search box) and by the material page, which lists the aliases that apply.

What a match means, per alias:
- ``elements``: an inorganic compound containing all of them (``exact``: no other element either), none of
  ``exclude``, and, when ``families`` are given, filed in one of those families or in none (a compound whose
  source gave no family or a label that did not fit);
- ``family_members``: every material filed in one of ``families``, whatever its elements;
- ``components``: a mixture with a component (polymer host, salt, monomer...) whose name holds one of the
  words as a word of its own (``PEO`` in "poly(ethylene oxide) (PEO)", not in "PEOX").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from electrolytes.models import Component, Material


def normalise_alias(text: str) -> str:
    """Case, spaces, dashes and underscores do not distinguish aliases (``pvdf hfp`` is PVDF-HFP)."""
    return re.sub(r"[\s\-_\u2010-\u2015]+", "", (text or "").strip()).casefold()


@dataclass(frozen=True)
class Alias:
    name: str
    meaning: str
    spellings: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    exact: bool = False
    exclude: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    family_members: bool = False
    components: tuple[str, ...] = ()

    @property
    def keys(self) -> set[str]:
        return {normalise_alias(s) for s in (self.name, *self.spellings)}

    def condition(self) -> Q:
        """Materials this alias names (see the module docstring)."""
        parts: list[Q] = []
        if self.elements:
            q = Q(kind=Material.Kind.COMPOUND, elements__contains=sorted(self.elements))
            if self.exact:
                q &= Q(elements__contained_by=sorted(self.elements))
            if self.exclude:
                q &= ~Q(elements__overlap=sorted(self.exclude))
            if self.families:
                q &= Q(family__slug__in=self.families) | Q(family__isnull=True)
            parts.append(q)
        if self.family_members:
            parts.append(Q(family__slug__in=self.families))
        if self.components:
            words = "|".join(re.escape(word) for word in self.components)
            pattern = rf"(^|[^A-Za-z0-9]){'(' + words + ')'}([^A-Za-z0-9]|$)"
            named = Component.objects.filter(name__iregex=pattern).values("material_id")
            parts.append(Q(pk__in=named))
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return condition


ALIASES: tuple[Alias, ...] = (
    # --- inorganic solid electrolytes ---
    Alias("LLZO", "Li7La3Zr2O12 garnet and its doped forms", elements=("Li", "La", "Zr", "O"), families=("garnet",)),
    Alias("LLZTO", "Ta-doped LLZO garnet, e.g. Li6.4La3Zr1.4Ta0.6O12", elements=("Li", "La", "Zr", "Ta", "O"),
          families=("garnet",)),
    Alias("LLTO", "Li3xLa2/3-xTiO3 perovskite", elements=("Li", "La", "Ti", "O"), exclude=("P",),
          families=("perovskite",)),
    Alias("LATP", "Li1+xAlxTi2-x(PO4)3 NASICON", elements=("Li", "Al", "Ti", "P", "O"), families=("nasicon",)),
    Alias("LAGP", "Li1+xAlxGe2-x(PO4)3 NASICON", elements=("Li", "Al", "Ge", "P", "O"), families=("nasicon",)),
    Alias("LGPS", "Li10GeP2S12 and the LGPS-type thiophosphates", spellings=("Li10GeP2S12-type",),
          elements=("Li", "Ge", "P", "S"), exact=True, families=("lgps",), family_members=True),
    Alias("LSPSCl", "Li9.54Si1.74P1.44S11.7Cl0.3 (LGPS-type)", elements=("Li", "Si", "P", "S", "Cl"), exact=True),
    Alias("LPSCl", "Li6PS5Cl argyrodite and its relatives", spellings=("LPSC",), elements=("Li", "P", "S", "Cl"),
          exact=True),
    Alias("LPSBr", "Li6PS5Br argyrodite", elements=("Li", "P", "S", "Br"), exact=True),
    Alias("LPSI", "Li6PS5I argyrodite", elements=("Li", "P", "S", "I"), exact=True),
    Alias("LPS", "Li2S-P2S5 thiophosphates (Li3PS4, Li7P3S11)", elements=("Li", "P", "S"), exact=True,
          families=("glass-ceramic-sulfide",), family_members=True),
    Alias("LiPON", "lithium phosphorus oxynitride, glassy or crystalline", spellings=("LIPON",),
          elements=("Li", "P", "O", "N"), exact=True, families=("lipon", "li2po2n"), family_members=True),
    Alias("LYC", "Li3YCl6", elements=("Li", "Y", "Cl"), exact=True),
    Alias("LYB", "Li3YBr6", elements=("Li", "Y", "Br"), exact=True),
    Alias("LIC", "Li3InCl6", elements=("Li", "In", "Cl"), exact=True),
    Alias("LZC", "Li2ZrCl6", elements=("Li", "Zr", "Cl"), exact=True),
    Alias("LEC", "Li3ErCl6", elements=("Li", "Er", "Cl"), exact=True),
    # --- polymer hosts ---
    Alias("PEO", "poly(ethylene oxide)", spellings=("poly(ethylene oxide)", "polyethylene oxide"),
          components=("PEO", "poly(ethylene oxide)", "polyethylene oxide"), families=("peo-based",),
          family_members=True),
    Alias("PAN", "polyacrylonitrile", spellings=("polyacrylonitrile",), components=("PAN", "polyacrylonitrile"),
          families=("pan-based",), family_members=True),
    Alias("PVDF", "poly(vinylidene fluoride) and its copolymers", spellings=("poly(vinylidene fluoride)",),
          components=("PVDF", "poly(vinylidene fluoride)"), families=("pvdf-based",), family_members=True),
    Alias("PVDF-HFP", "poly(vinylidene fluoride-co-hexafluoropropylene)", spellings=("PVdF-HFP", "P(VDF-HFP)"),
          components=("PVDF-HFP", "PVdF-HFP", "P(VDF-HFP)")),
    Alias("PMMA", "poly(methyl methacrylate)", spellings=("poly(methyl methacrylate)",),
          components=("PMMA", "poly(methyl methacrylate)")),
    Alias("PEGDA", "poly(ethylene glycol) diacrylate (a cross-linker and in-situ monomer)",
          spellings=("PEG-DA",), components=("PEGDA", "PEG-DA", "poly(ethylene glycol) diacrylate")),
    Alias("PDOL", "poly(1,3-dioxolane), made in situ from DOL", spellings=("poly-DOL", "P-DOL", "DOL", "pDOL"),
          components=("DOL", "PDOL", "P-DOL", "poly-DOL", "poly(1,3-dioxolane)", "1,3-dioxolane"),
          families=("in-situ-polyether",), family_members=True),
    Alias("PVCA", "poly(vinylene carbonate), made in situ", spellings=("PVC-A", "poly(vinylene carbonate)"),
          components=("PVCA", "vinylene carbonate", "poly(vinylene carbonate)"), families=("in-situ-polycarbonate",),
          family_members=True),
    Alias("PEC", "poly(ethylene carbonate)", components=("PEC", "poly(ethylene carbonate)")),
    Alias("PTMC", "poly(trimethylene carbonate)", components=("PTMC", "poly(trimethylene carbonate)")),
    Alias("MEEP", "poly[bis(methoxyethoxyethoxy)phosphazene]", components=("MEEP",)),
    # --- lithium salts ---
    Alias("LiTFSI", "lithium bis(trifluoromethanesulfonyl)imide", spellings=("LiTFSA", "LiN(SO2CF3)2"),
          components=("LiTFSI", "LiTFSA")),
    Alias("LiFSI", "lithium bis(fluorosulfonyl)imide", spellings=("LiN(SO2F)2",), components=("LiFSI",)),
    Alias("LiPF6", "lithium hexafluorophosphate", components=("LiPF6",)),
    Alias("LiBOB", "lithium bis(oxalato)borate", components=("LiBOB",)),
    Alias("LiDFOB", "lithium difluoro(oxalato)borate", spellings=("LiODFB",), components=("LiDFOB", "LiODFB")),
    Alias("LiClO4", "lithium perchlorate", components=("LiClO4",)),
    Alias("LiOTf", "lithium triflate", spellings=("LiCF3SO3", "LiTf"), components=("LiOTf", "LiCF3SO3")),
    Alias("LiBF4", "lithium tetrafluoroborate", components=("LiBF4",)),
)  # fmt: skip

_BY_KEY = {key: alias for alias in ALIASES for key in alias.keys}


def find_alias(text: str) -> Alias | None:
    """The alias ``text`` spells (case, spaces and dashes ignored), or None."""
    return _BY_KEY.get(normalise_alias(text))
