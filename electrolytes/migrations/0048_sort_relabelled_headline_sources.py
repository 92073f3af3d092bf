"""A stored headline lists its sources sorted by citation, then value (electrolytes.evidence). Migration 0047
renamed the citations of references without authors in place, which can leave such a list out of that order;
this sorts the lists of the headlines those references are sources of, so that they equal a fresh computation."""

from django.db import migrations
from django.db.models import Q


def sort_sources(apps, schema_editor):
    Reference = apps.get_model("electrolytes", "Reference")
    Measurement = apps.get_model("electrolytes", "Measurement")
    PropertyHeadline = apps.get_model("electrolytes", "PropertyHeadline")
    authorless = list(Reference.objects.filter(authors=[]).values_list("pk", flat=True))
    if not authorless:
        return
    citing = Measurement.objects.filter(Q(reference_id__in=authorless) | Q(source_dataset_id__in=authorless))
    batch = []
    for headline in PropertyHeadline.objects.filter(material_id__in=citing.values("material_id")).iterator():
        ordered = sorted(headline.sources, key=lambda s: (s.get("source", ""), s.get("value") or 0))
        if ordered != headline.sources:
            headline.sources = ordered
            batch.append(headline)
    PropertyHeadline.objects.bulk_update(batch, ["sources"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0047_relabel_headline_sources")]

    operations = [migrations.RunPython(sort_sources, migrations.RunPython.noop)]
