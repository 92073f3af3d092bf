"""COPY inserts write what bulk_create_with_history writes: the same columns, timestamps, history rows."""

from __future__ import annotations

import pytest
from simple_history.utils import bulk_create_with_history

from electrolytes.bulk_copy import copy_create
from electrolytes.models import Material, Measurement, PropertyDefinition
from tests import factories

pytestmark = pytest.mark.django_db

SKIPPED = {"id", "created_at", "updated_at", "history_id", "history_date"}


def measurements(material, dataset, prop, tag: str) -> list[Measurement]:
    texts = ["plain", "tab\there", "new\nline", "back\\slash", 'quote\'s "and" ünïcode', ""]
    return [
        Measurement(
            material_id=material.pk,
            property=prop,
            value=1.25e-4 * (k + 1),
            reported_value=f"{k}e-4",
            reported_unit="S/cm",
            temperature_k=None if k == 2 else 300.0 + k,
            temperature_nominal=False,
            is_extrapolated=k % 2 == 0,
            source_dataset_id=dataset.pk,
            source_row=f"{tag}-{k}",
            notes=text,
        )
        for k, text in enumerate(texts)
    ]


def rows(queryset) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in SKIPPED} for row in queryset.order_by("source_row").values()]


def test_copy_writes_the_rows_and_history_bulk_create_writes(properties):
    material = factories.material("Li3PS4", "Li3PS4")
    dataset = factories.reference("lab", kind="dataset")
    prop = PropertyDefinition.objects.get(key="ionic_conductivity")
    copied = copy_create(measurements(material, dataset, prop, "a"), Measurement, history=True)
    created = bulk_create_with_history(measurements(material, dataset, prop, "b"), Measurement)

    assert all(m.pk and not m._state.adding for m in copied)
    assert sorted(m.pk for m in copied) == [m.pk for m in copied]
    assert Measurement.objects.get(pk=copied[3].pk).notes == "back\\slash"
    stored = {tag: rows(Measurement.objects.filter(source_row__startswith=tag)) for tag in "ab"}
    for row in stored["a"] + stored["b"]:
        row["source_row"] = row["source_row"][2:]
    assert stored["a"] == stored["b"]
    history = Measurement.history.model.objects
    for tag, made in (("a", copied), ("b", created)):
        found = history.filter(source_row__startswith=tag).order_by("id")
        assert [(h.id, h.history_type, h.history_user_id, h.history_change_reason) for h in found] == [
            (m.pk, "+", None, None) for m in made
        ]
    copied_row = Measurement.objects.get(pk=copied[0].pk)
    assert copied_row.created_at == copied_row.updated_at == copied[0].created_at


def test_copy_refuses_a_field_type_it_cannot_write(properties):
    before = Material.objects.count()
    with pytest.raises(TypeError, match=r"bulk_copy cannot write Material.elements \(ArrayField\)"):
        copy_create([Material(name="x", kind=Material.Kind.COMPOUND)], Material)
    assert Material.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_only_copies_bumps_the_data_version(properties):
    from django.db import transaction

    from electrolytes import data_version

    material = factories.material("Li3PS4", "Li3PS4")
    dataset = factories.reference("lab", kind="dataset")
    prop = PropertyDefinition.objects.get(key="ionic_conductivity")
    before = data_version.current().version
    with transaction.atomic():  # COPY fires the statement triggers an INSERT fires
        copy_create(measurements(material, dataset, prop, "a")[:1], Measurement, history=True)
    assert data_version.current().version == before + 1


# --- Blueprint: unsaved instances without Model.__init__ ---------------------------------------------------------


def test_a_blueprint_builds_what_the_model_s_constructor_builds(properties):
    from electrolytes.bulk_copy import Blueprint

    values = {"material_id": 7, "property_id": 3, "value": 2.5e-4, "source_row": "r1", "temperature_k": 300.0}
    built = Blueprint(Measurement)(**values)
    expected = Measurement(**values)
    fields = [f.attname for f in Measurement._meta.concrete_fields]
    assert [getattr(built, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert (built.qualifier, built.measured_part, built.flag, built.pk) == ("=", "not_specified", "", None)
    assert built._state.adding and built._state.db is None
    # Each instance is its own: setting a field on one leaves the next one at the default.
    built.notes = "changed"
    assert Blueprint(Measurement)(**values).notes == ""


def test_a_blueprint_refuses_an_unknown_field_and_a_model_with_callable_defaults(properties):
    from electrolytes.bulk_copy import Blueprint

    with pytest.raises(TypeError, match="Measurement has no field material, valu"):
        Blueprint(Measurement)(material=1, valu=2.0)
    # A material's element list is a fresh list per instance (default=list): one shared list would be wrong.
    with pytest.raises(TypeError, match=r"Blueprint cannot build Material: callable defaults \['elements'"):
        Blueprint(Material)
