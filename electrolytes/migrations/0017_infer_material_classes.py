"""Existing databases: add the nitride, hydride and phosphide classes, the new families and every family's
composition rule from fixtures/01_taxonomy.json (the one place the taxonomy is written), then re-run class
inference over imported compounds and re-check their families, printing what moved.

An imported compound is one whose description an importer wrote ("Imported from ...") and that no curator has
edited since (no history record with a user). Curated materials are marked as curated and left alone.
A new database (no classes yet) is skipped: ``manage.py bootstrap`` loads the fixtures afterwards.
"""

import json
import re
from pathlib import Path

from django.db import migrations

TAXONOMY = Path(__file__).resolve().parents[2] / "fixtures" / "01_taxonomy.json"
IMPORTED_PREFIXES = ("Imported from the OBELiX dataset", "Imported from a curator spreadsheet")
# The sentence the importers used to append; the rule now lives in Material.class_rule.
OLD_INFERENCE_NOTE = re.compile(r" Class inferred from the anions[^.]*\.")


def forwards(apps, schema_editor):
    from electrolytes.classification import family_fits, infer_class

    ElectrolyteClass = apps.get_model("electrolytes", "ElectrolyteClass")
    StructureFamily = apps.get_model("electrolytes", "StructureFamily")
    Material = apps.get_model("electrolytes", "Material")
    HistoricalMaterial = apps.get_model("electrolytes", "HistoricalMaterial")
    if not ElectrolyteClass.objects.exists():
        return
    records = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    for record in records:
        if record["model"] == "electrolytes.electrolyteclass":
            fields = record["fields"]
            ElectrolyteClass.objects.get_or_create(slug=fields["slug"], defaults=fields)
    classes = {c.slug: c for c in ElectrolyteClass.objects.all()}
    for record in records:
        if record["model"] == "electrolytes.structurefamily":
            fields = dict(record["fields"])
            fields["electrolyte_class"] = classes[fields["electrolyte_class"][0]]
            family, created = StructureFamily.objects.get_or_create(slug=fields["slug"], defaults=fields)
            if not created and not family.composition_rule:
                family.composition_rule = fields["composition_rule"]
                family.save(update_fields=["composition_rule"])
    families = list(StructureFamily.objects.all())

    edited = set(
        HistoricalMaterial.objects.filter(history_user__isnull=False).values_list("id", flat=True).distinct()
    )
    moved = refamilied = 0
    for material in Material.objects.filter(kind="compound").select_related("electrolyte_class", "family"):
        imported = material.description.startswith(IMPORTED_PREFIXES) and material.pk not in edited
        if not imported:
            if material.class_origin != "curated":
                material.class_origin, material.class_rule = "curated", ""
                material.save(update_fields=["class_origin", "class_rule"])
            continue
        try:
            inference = infer_class(material.composition)
        except ValueError:
            continue
        new_class = classes.get(inference.slug)
        if new_class is None:
            continue
        old_class, old_family = material.electrolyte_class, material.family
        material.electrolyte_class, material.class_origin, material.class_rule = new_class, "inferred", inference.rule
        material.description = OLD_INFERENCE_NOTE.sub("", material.description)
        if old_family is not None:
            check = family_fits(old_family.composition_rule, material.composition)
            if old_family.electrolyte_class_id != new_class.pk or not check.fits:
                reason = check.reason
                if old_family.electrolyte_class_id != new_class.pk:
                    reason = f"it is a {old_family.electrolyte_class.name.lower()} family"
                material.family_label = material.family_label or old_family.name
                material.family_mismatch = f"does not fit {old_family.name}: {reason}"[:255]
                material.family = None
        else:
            fitting = [
                f
                for f in families
                if f.electrolyte_class_id == new_class.pk
                and f.composition_rule
                and family_fits(f.composition_rule, material.composition).fits
            ]
            if len(fitting) == 1 and not material.family_label:
                material.family = fitting[0]
        material.save()
        if old_class.pk != new_class.pk:
            moved += 1
            print(f"  class: {material.name}: {old_class.slug} -> {new_class.slug} ({inference.rule})")
        if (old_family and old_family.pk) != (material.family and material.family.pk):
            refamilied += 1
            print(
                f"  family: {material.name}: {old_family.slug if old_family else '-'} -> "
                f"{material.family.slug if material.family else '-'}"
                + (f" ({material.family_mismatch})" if material.family_mismatch else "")
            )
    if moved or refamilied:
        print(f"  {moved} material(s) changed class, {refamilied} changed family.")


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0016_material_class_origin_family_rule")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
