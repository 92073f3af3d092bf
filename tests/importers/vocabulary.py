"""A small controlled vocabulary (classes and families with aliases) like the curated fixtures define."""

from __future__ import annotations

import json
from pathlib import Path

from electrolytes.models import ElectrolyteClass, StructureFamily

TAXONOMY = Path(__file__).resolve().parents[2] / "fixtures" / "01_taxonomy.json"
# The curated families' composition rules, by slug (a family here without a fixture twin has none).
RULES = {
    record["fields"]["slug"]: record["fields"]["composition_rule"]
    for record in json.loads(TAXONOMY.read_text(encoding="utf-8"))
    if record["model"] == "electrolytes.structurefamily"
}

CLASSES = [
    ("oxide", "Oxide", "inorganic"),
    ("sulfide", "Sulfide", "inorganic"),
    ("halide", "Halide", "inorganic"),
    ("nitride", "Nitride", "inorganic"),
    ("hydride", "Hydride", "inorganic"),
    ("phosphide", "Phosphide", "inorganic"),
    ("solid-polymer", "Solid polymer", "polymer"),
]
FAMILIES = [
    ("nasicon", "NASICON", "oxide", ""),
    ("garnet", "Garnet", "oxide", "garnet-like\nLLZO"),
    ("perovskite", "Perovskite", "oxide", "perovskites"),
    ("lisicon", "LISICON", "oxide", ""),
    ("argyrodite", "Argyrodite", "sulfide", "argyrodites"),
    ("lgps", "LGPS", "sulfide", "Li10GeP2S12-type"),
    ("thio-lisicon", "Thio-LISICON", "sulfide", ""),
    ("chloride", "Chlorides", "halide", "halides\nchlorides\ncholorides"),
]


def create_vocabulary() -> None:
    classes = {}
    for order, (slug, name, category) in enumerate(CLASSES):
        classes[slug], _ = ElectrolyteClass.objects.get_or_create(
            slug=slug, defaults={"name": name, "category": category, "display_order": order}
        )
    for slug, name, cls, aliases in FAMILIES:
        StructureFamily.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "electrolyte_class": classes[cls],
                "aliases": aliases,
                "composition_rule": RULES.get(slug, {}),
            },
        )
