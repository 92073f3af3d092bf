"""Data: bounds that separate impossible from implausible values, the VTF pseudo-activation energy as its own
property (VTF-derived values move to it), and stored duplicates merged into one measurement per report.

Two stored measurements are one report when material, property, paper, qualifier and measured part are equal,
the values agree within a relative 1e-3 and the temperatures within 0.5 K. The oldest is kept; every other copy
becomes a MeasurementSource row (its dataset and row id) on it, and is deleted. Derived values (fits) are left
alone: the refit after the migration (``manage.py rebuild_headlines``) recomputes them.
"""

import math

from django.db import migrations

VTF_KEY = "vtf_pseudo_activation_energy"


def bounds_and_vtf(apps, schema_editor):
    PropertyDefinition = apps.get_model("electrolytes", "PropertyDefinition")
    Measurement = apps.get_model("electrolytes", "Measurement")
    PropertyDefinition.objects.filter(key="ionic_conductivity").update(
        min_value=1e-30, max_value=100.0, plausible_min=1e-14, plausible_max=1.0
    )
    PropertyDefinition.objects.filter(key="activation_energy").update(plausible_min=0.05, plausible_max=2.0)
    activation = PropertyDefinition.objects.filter(key="activation_energy").first()
    if activation is None:  # an empty database: the fixtures bring every property
        return
    vtf, _ = PropertyDefinition.objects.get_or_create(
        key=VTF_KEY,
        defaults={
            "name": "VTF pseudo-activation energy",
            "symbol": "B·k_B",
            "canonical_unit": "eV",
            "accepted_units": activation.accepted_units,
            "min_value": 0.0,
            "max_value": 3.0,
            "description": "The VTF parameter B times Boltzmann's constant, in eV, from sigma = A T^-1/2 "
            "exp(-B/(T - T0)). Not an Arrhenius activation energy.",
            "display_order": activation.display_order + 1,
        },
    )
    Measurement.objects.filter(property=activation, is_derived=True, derived_from_fit__model="vtf").update(
        property=vtf
    )


def merge_duplicates(apps, schema_editor):
    Measurement = apps.get_model("electrolytes", "Measurement")
    MeasurementSource = apps.get_model("electrolytes", "MeasurementSource")
    groups = {}
    rows = (
        Measurement.objects.filter(is_derived=False, reference__isnull=False)
        .order_by("id")
        .values_list(
            "id",
            "material_id",
            "property_id",
            "reference_id",
            "qualifier",
            "measured_part",
            "value",
            "temperature_k",
            "source_dataset_id",
            "source_row",
            "reported_value",
            "reported_unit",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        groups.setdefault(row[1:6], []).append(row)
    links, doomed = [], []
    for members in groups.values():
        kept: list[tuple] = []
        for row in members:
            twin = next(
                (
                    k
                    for k in kept
                    if math.isclose(k[6], row[6], rel_tol=1e-3, abs_tol=0.0)
                    and (k[7] is None) == (row[7] is None)
                    and (k[7] is None or abs(k[7] - row[7]) <= 0.5)
                ),
                None,
            )
            if twin is None:
                kept.append(row)
                continue
            doomed.append(row[0])
            if row[8] is not None:
                links.append(
                    MeasurementSource(
                        measurement_id=twin[0],
                        dataset_id=row[8],
                        source_row=row[9],
                        reported_value=row[10],
                        reported_unit=row[11],
                    )
                )
            # The copy's own extra sources move to the kept measurement too.
            MeasurementSource.objects.filter(measurement_id=row[0]).update(measurement_id=twin[0])
    MeasurementSource.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    for start in range(0, len(doomed), 1000):
        Measurement.objects.filter(pk__in=doomed[start : start + 1000]).delete()


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0014_measurement_evidence")]

    operations = [
        migrations.RunPython(bounds_and_vtf, migrations.RunPython.noop),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
    ]
