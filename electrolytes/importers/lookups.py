"""Vocabulary the importers need from the database, loaded once per file: classes, families, properties."""

from __future__ import annotations

from collections.abc import Iterable

from electrolytes import services
from electrolytes.models import ElectrolyteClass, PropertyDefinition, Reference, StructureFamily

from .engine import BadFile
from .parsing import VocabularyMatcher

# Labels under which the curated fixtures may name the classes an importer assigns on its own.
CLASS_LABELS = {
    "oxide": ["oxide", "oxides", "oxide electrolytes", "inorganic oxide", "oxide solid electrolyte"],
    "sulfide": ["sulfide", "sulfides", "sulphide", "sulfide electrolytes", "sulfide solid electrolyte"],
    "halide": ["halide", "halides", "halide electrolytes", "halide solid electrolyte"],
    "solid-polymer": [
        "solid-polymer",
        "solid polymer",
        "solid polymer electrolyte",
        "solid polymer electrolytes",
        "spe",
        "dry polymer",
    ],
}


class Vocabulary:
    def __init__(self) -> None:
        classes = list(ElectrolyteClass.objects.all())
        self.classes = VocabularyMatcher(classes, aliases_attr=None)
        self.families = VocabularyMatcher(StructureFamily.objects.select_related("electrolyte_class"))
        self.properties = {p.key: p for p in PropertyDefinition.objects.all()}
        self._class_by_role: dict[str, ElectrolyteClass] = {}

    def electrolyte_class(self, role: str) -> ElectrolyteClass:
        """The class playing ``role`` (oxide, sulfide, halide, solid-polymer); BadFile if the fixtures lack it."""
        if role not in self._class_by_role:
            for label in CLASS_LABELS.get(role, [role]):
                found = self.classes.match(label)
                if found is not None:
                    self._class_by_role[role] = found
                    break
            else:
                raise BadFile(
                    f"No electrolyte class matches {role!r}; load the curated fixtures (manage.py bootstrap) first."
                )
        return self._class_by_role[role]

    def property(self, key: str) -> PropertyDefinition:
        try:
            return self.properties[key]
        except KeyError:
            raise BadFile(
                f"Property {key!r} is not defined; load fixtures/00_properties.json (manage.py bootstrap) first."
            ) from None


def infer_inorganic_role(elements: Iterable[str]) -> tuple[str, str]:
    """oxide, sulfide or halide from the anions, with the reason in words.

    S (and the heavier chalcogens Se, Te) -> sulfide; Cl, Br, I or F without O or S -> halide; anything else
    (oxides, but also nitrides and hydrides, which have no class of their own) -> oxide.
    """
    present = set(elements)
    chalcogens = sorted(present & {"S", "Se", "Te"})
    if chalcogens:
        return "sulfide", f"contains {', '.join(chalcogens)}"
    halogens = sorted(present & {"F", "Cl", "Br", "I"})
    if halogens and "O" not in present:
        return "halide", f"contains {', '.join(halogens)} and no O or S"
    return "oxide", "no S, and no halogen without O"


def dataset_reference(*, doi: str = "", key: str, other_keys: Iterable[str] = (), **fields) -> Reference:
    """The dataset's reference: by DOI, then by our key, then by keys the fixtures may use; created if missing."""
    reference = Reference.objects.filter(key__in=list(other_keys)).order_by("key").first() if other_keys else None
    if reference is None or doi or Reference.objects.filter(key=key).exists():
        reference, _ = services.reference_get_or_create(doi=doi, key=key, **fields)
    return reference
