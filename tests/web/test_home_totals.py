"""The home page's measurement total comes from the tally the database's triggers keep: it must stay equal
to a real count through every kind of write (insert, bulk insert, delete, a move to another material,
a change of a material's status, a material deleted with its measurements)."""

from __future__ import annotations

import re

import pytest

from electrolytes import selectors
from electrolytes.models import Material, Measurement, MeasurementTally
from tests import factories

pytestmark = pytest.mark.django_db


def _home_measurements(client) -> int:
    html = client.get("/").content.decode()
    return int(re.search(r"<strong>(\d+)</strong> measurements?", html).group(1))


def _check(client, curator) -> None:
    published = Measurement.objects.filter(material__status="published").count()
    assert _home_measurements(client) == published
    assert selectors.knowledge_base_summary(user=curator)["measurement_count"] == Measurement.objects.count()
    tallied = dict(MeasurementTally.objects.values_list("status", "measurements"))
    for status in ("published", "draft", "review"):
        assert tallied.get(status, 0) == Measurement.objects.filter(material__status=status).count(), status


def test_home_total_follows_every_write(properties, client, curator):
    shown = factories.material("Shown", "Li3PS4")
    hidden = factories.material("Hidden", "Li7P3S11", status="draft")
    _check(client, curator)
    first = factories.measurement(shown, "ionic_conductivity", 1, "mS/cm", temperature=298.15)
    factories.measurement(hidden, "ionic_conductivity", 2, "mS/cm", temperature=298.15)
    assert _home_measurements(client) == 1
    _check(client, curator)
    Measurement.objects.bulk_create(
        [
            Measurement(
                material=shown,
                property=first.property,
                value=v,
                reported_value=str(v),
                reported_unit="S/cm",
                reference=first.reference,
                source_dataset=first.source_dataset,
            )
            for v in (1e-4, 2e-4, 3e-4)
        ]
    )
    assert _home_measurements(client) == 4
    _check(client, curator)
    Measurement.objects.filter(pk=first.pk).update(material=hidden)  # moved to the draft
    assert _home_measurements(client) == 3
    _check(client, curator)
    Measurement.objects.filter(value=2e-4).delete()
    _check(client, curator)
    hidden.status = "published"
    hidden.save()
    assert _home_measurements(client) == Measurement.objects.count() == 4
    _check(client, curator)
    Material.objects.filter(pk=shown.pk).update(status="review")
    assert _home_measurements(client) == 2
    _check(client, curator)
    Material.objects.filter(pk=shown.pk).update(name="Shown again")  # no status change: nothing moves
    _check(client, curator)
    shown.delete()
    _check(client, curator)
    assert _home_measurements(client) == 2
