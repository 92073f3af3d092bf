"""0051 marks the stored OBELiX rows (298.15 K standing for "room temperature") as nominal temperatures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.test_migrations import migrate_to


@pytest.mark.django_db
def test_obelix_rows_at_298_15_k_become_nominal_and_measured_rows_stay():
    apps = migrate_to(("electrolytes", "0030_measurement_temperature_nominal"))
    try:
        get = apps.get_model
        oxide = get("electrolytes", "ElectrolyteClass").objects.create(slug="oxide", name="Oxide", category="inorganic")
        sigma = get("electrolytes", "PropertyDefinition").objects.create(
            key="ionic_conductivity", name="Ionic conductivity", canonical_unit="S/cm", min_value=0, max_value=1e3,
            requires_temperature=True,
        )  # fmt: skip
        Reference = get("electrolytes", "Reference")
        obelix = Reference.objects.create(key="obelix", title="OBELiX", kind="dataset")
        paper = Reference.objects.create(key="paper", title="A paper")
        material = get("electrolytes", "Material").objects.create(
            name="LLZO", slug="llzo", formula="Li7La3Zr2O12", electrolyte_class=oxide, status="published"
        )
        Measurement = get("electrolytes", "Measurement")
        common = {"material": material, "property": sigma, "value": 1e-4}
        Measurement.objects.create(source_dataset=obelix, source_row="a", temperature_k=298.15, **common)
        Measurement.objects.create(
            reference=paper, temperature_k=298.15, notes="OBELiX reports room-temperature values; stored at 298.15 K.",
            **common,
        )  # fmt: skip
        Measurement.objects.create(reference=paper, temperature_k=298.15, notes="Measured at 25.0 °C.", **common)
        Measurement.objects.create(source_dataset=obelix, source_row="b", temperature_k=333.15, **common)

        apps = migrate_to(("electrolytes", "0031_mark_room_temperature_rows"))
        rows = apps.get_model("electrolytes", "Measurement").objects.order_by("id")
        assert list(rows.values_list("temperature_k", "temperature_nominal")) == [
            (298.15, True),
            (298.15, True),
            (298.15, False),
            (333.15, False),
        ]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("electrolytes")[0])
