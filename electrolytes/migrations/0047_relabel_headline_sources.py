"""Stored headlines name each source by its citation. A reference without authors used to be cited by its
internal key ("frontiers2021-nasicon-esw (2021)"); it is now cited by its journal or the start of its title
(Reference.citation). This rewrites the labels already stored, with the rule as it stood when written (a
migration keeps its own copy: the model's may change later)."""

from django.db import migrations
from django.db.models import Q

TITLE_LENGTH = 40


def _citation(reference) -> str:
    year = reference.year or "n.d."
    if reference.journal:
        return f"{reference.journal} ({year})"
    title = reference.title.strip()
    if len(title) > TITLE_LENGTH:
        title = title[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return f"{title or reference.key} ({year})"


def relabel(apps, schema_editor):
    Reference = apps.get_model("electrolytes", "Reference")
    PropertyHeadline = apps.get_model("electrolytes", "PropertyHeadline")
    renamed = {}
    for reference in Reference.objects.filter(authors=[]).iterator():
        if reference.doi and reference.title in ("", f"Paper with DOI {reference.doi}"):
            continue  # known by its DOI alone: cited as "doi:... (metadata pending)" before and after
        old, new = f"{reference.key} ({reference.year or 'n.d.'})", _citation(reference)
        if old != new:
            renamed[old] = new
    if not renamed:
        return

    def new_label(label: str) -> str:
        if label in renamed:
            return renamed[label]
        # A dataset's value: "<citation> row <id>".
        head, row, tail = label.partition(" row ")
        return f"{renamed[head]}{row}{tail}" if row and head in renamed else label

    labels = list(renamed)
    for start in range(0, len(labels), 200):
        citing = Q()
        for label in labels[start : start + 200]:
            citing |= Q(sources__contains=[{"source": label}])
        batch = []
        for headline in PropertyHeadline.objects.filter(citing).iterator():
            headline.sources = [{**s, "source": new_label(s.get("source", ""))} for s in headline.sources]
            batch.append(headline)
        PropertyHeadline.objects.bulk_update(batch, ["sources"], batch_size=500)
    # Dataset rows ("<citation> row <id>") are not equal to a label: find them by the dataset's own values.
    datasets = Reference.objects.filter(authors=[], kind="dataset").values_list("pk", flat=True)
    Measurement = apps.get_model("electrolytes", "Measurement")
    materials = Measurement.objects.filter(source_dataset_id__in=list(datasets)).values("material_id")
    batch = []
    for headline in PropertyHeadline.objects.filter(material_id__in=materials).iterator():
        sources = [{**s, "source": new_label(s.get("source", ""))} for s in headline.sources]
        if sources != headline.sources:
            headline.sources = sources
            batch.append(headline)
    PropertyHeadline.objects.bulk_update(batch, ["sources"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0046_reference_list_orders")]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
