from django.db import migrations

from electrolytes.chemistry import optimade_formulas

BATCH = 2000


def backfill(apps, schema_editor):
    # From the stored composition, as the OPTIMADE endpoint computed them until now, so no served
    # value changes; updated_at is left alone for the same reason. Mixtures keep empty formulas.
    Material = apps.get_model("electrolytes", "Material")
    compounds = Material.objects.filter(kind="compound").only("pk", "composition").order_by("pk")
    batch = []
    for material in compounds.iterator(chunk_size=BATCH):
        material.optimade_formula_reduced, material.optimade_formula_anonymous = optimade_formulas(
            material.composition
        )
        batch.append(material)
        if len(batch) == BATCH:
            Material.objects.bulk_update(batch, ["optimade_formula_reduced", "optimade_formula_anonymous"])
            batch = []
    if batch:
        Material.objects.bulk_update(batch, ["optimade_formula_reduced", "optimade_formula_anonymous"])


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0009_material_optimade_formulas")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
