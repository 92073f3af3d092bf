"""Vocabulary the importers need from the database, loaded once per file: classes, families, properties."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from electrolytes import services
from electrolytes.chemistry import ParsedFormula
from electrolytes.classification import infer_class
from electrolytes.models import ElectrolyteClass, PropertyDefinition, Reference, StructureFamily

from .parsing import VocabularyMatcher
from .specs import BadFile

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


@dataclass(frozen=True)
class CompoundIdentity:
    """What an importer stores about a compound's class and family, and the warning (if any) for its report."""

    electrolyte_class: ElectrolyteClass
    class_rule: str  # empty when the class was given by the curator
    family: StructureFamily | None
    family_label: str
    family_mismatch: str


class Vocabulary:
    def __init__(self) -> None:
        classes = list(ElectrolyteClass.objects.all())
        self.classes = VocabularyMatcher(classes, aliases_attr=None)
        self.family_records = list(StructureFamily.objects.select_related("electrolyte_class"))
        self.families = VocabularyMatcher(self.family_records)
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

    def identify_compound(
        self, parsed: ParsedFormula, *, family_label: str = "", electrolyte_class: ElectrolyteClass | None = None
    ) -> CompoundIdentity:
        """Class and family of a new compound: the class from its chemistry (``infer_class``) unless a curator
        gave one; a source's family label only when the compound fits that family's composition rule and class,
        otherwise the label is kept with the reason it was not applied. Without a label, the one family of the
        class whose rule the compound fits, if exactly one does.

        Raises BadFile when the inferred class is missing from the database, ValueError when the composition
        has no anion.
        """
        rule = ""
        if electrolyte_class is None:
            inference = infer_class(parsed.composition)
            electrolyte_class = self.electrolyte_class(inference.slug)
            rule = inference.rule
        family, mismatch = None, ""
        if family_label:
            candidate = self.families.match(family_label)
            if candidate is None:
                mismatch = f"{family_label!r} is not a known structure family"
            elif candidate.electrolyte_class_id != electrolyte_class.pk:
                mismatch = (
                    f"{candidate.name} is a {candidate.electrolyte_class.name.lower()} family; "
                    f"the compound is a{'n' if electrolyte_class.name[0] in 'AEIOU' else ''} "
                    f"{electrolyte_class.name.lower()}"
                )
            else:
                check = candidate.check_composition(parsed.composition)
                if check.fits:
                    family = candidate
                else:
                    mismatch = f"does not fit {candidate.name}: {check.reason}"
        else:
            fitting = [
                f
                for f in self.family_records
                if f.electrolyte_class_id == electrolyte_class.pk
                and f.composition_rule
                and f.check_composition(parsed.composition).fits
            ]
            family = fitting[0] if len(fitting) == 1 else None
        return CompoundIdentity(electrolyte_class, rule, family, family_label, mismatch)

    def property(self, key: str) -> PropertyDefinition:
        try:
            return self.properties[key]
        except KeyError:
            raise BadFile(
                f"Property {key!r} is not defined; load fixtures/00_properties.json (manage.py bootstrap) first."
            ) from None


def dataset_reference(*, doi: str = "", key: str, other_keys: Iterable[str] = (), **fields) -> Reference:
    """The dataset's reference: by DOI, then by our key, then by keys the fixtures may use; created if missing."""
    reference = Reference.objects.filter(key__in=list(other_keys)).order_by("key").first() if other_keys else None
    if reference is None or doi or Reference.objects.filter(key=key).exists():
        reference, _ = services.reference_get_or_create(doi=doi, key=key, **fields)
    return reference
