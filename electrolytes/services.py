"""Writes. Each service is keyword-only, atomic and validates with full_clean(), and stores nothing on error.

The rules for one reported value live here once, in ``measurement_values`` (the reported value and unit to the
canonical value, impossible values refused and implausible ones flagged by the property's bounds, qualifier,
temperature and measured part): measurement_create and measurement_update (so the API), and every importer call
it, so each refuses the same bad value with the same message. The admin form converts with its parts
(``canonical_value``, ``convert_temperature``) and the model's clean() applies the same property bounds and
temperature rule with the same words. The importers call it per row while parsing, and write their batches
with ``clean_for_batch`` (the models' own rules, full_clean() without its per-row queries); their lookups of
foreign keys and unique keys are done for the whole batch, and the database's constraints check the rest. New
slugs and keys come from ``unique_slug``/``unique_key`` whichever path makes them.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from electrolytes import crystal, units
from electrolytes.models import (
    Component,
    CrystalStructure,
    ElectrolyteClass,
    Material,
    Measurement,
    PropertyDefinition,
    PublicationStatus,
    Reference,
    StructureFamily,
)
from electrolytes.models.references import normalise_doi


def unique_key(root: str, taken: Container[str], *, stem: int | None = None) -> str:
    """``root``, or the first of ``root-2``, ``root-3``, ... that is not in ``taken``; the numbered ones keep the
    first ``stem`` characters of ``root`` when given (so they fit the column)."""
    key, n = root, 1
    while key in taken:
        n += 1
        key = f"{root[:stem]}-{n}"
    return key


class _Stored(Container[str]):
    """The values of ``model.field`` in the database, asked one at a time (``in``)."""

    def __init__(self, model: type[models.Model], field: str):
        self.model, self.field = model, field

    def __contains__(self, value: object) -> bool:
        return self.model.objects.filter(**{self.field: value}).exists()


def unique_slug(
    base: str,
    *,
    model=Material,
    field: str = "slug",
    max_length: int = 120,
    taken: Container[str] | None = None,
) -> str:
    """A slug from ``base`` not yet used in ``model.field`` (suffixes -2, -3, ... on clashes).

    ``taken``: the values already used, when the caller holds them (an import keeps every stored slug in a set
    rather than asking the database once per new material); by default the database is asked.
    """
    root = slugify(base)[: max_length - 6].strip("-") or "item"
    return unique_key(root, _Stored(model, field) if taken is None else taken)


def _material_save(material: Material, *, full_clean: bool = True) -> None:
    """Save ``material`` with its formula columns derived afresh (chemistry.material_formula), validated with
    full_clean() unless the caller changes only fields full_clean has no rule for (status, class origin)."""
    if full_clean:
        material.full_clean()  # Material.clean() derives the formula columns
    else:
        material.derive_formula_columns()
    material.save()


@transaction.atomic
def material_create(
    *,
    name: str,
    electrolyte_class: ElectrolyteClass,
    kind: str = Material.Kind.COMPOUND,
    physical_state: str = Material.PhysicalState.SOLID,
    formula: str = "",
    family: StructureFamily | None = None,
    slug: str = "",
    description: str = "",
    status: str = Material.status.field.default,
    space_group: str = "",
    icsd_ids: Iterable[int] = (),
    mp_id: str = "",
    components: Iterable[Mapping[str, Any]] = (),
) -> Material:
    """Create a material (and the components of a mixture); the formula is parsed and normalised."""
    material = Material(
        name=name,
        slug=slug or unique_slug(name),
        electrolyte_class=electrolyte_class,
        family=family,
        kind=kind,
        physical_state=physical_state,
        formula=formula,
        description=description,
        status=status,
        space_group=space_group,
        icsd_ids=list(icsd_ids),
        mp_id=mp_id,
    )
    _material_save(material)
    _save_components(material, components)
    return material


@transaction.atomic
def material_update(
    *, material: Material, components: Iterable[Mapping[str, Any]] | None = None, **changes: Any
) -> Material:
    """Change fields of a material (a new formula is re-normalised) and, when ``components`` is given,
    replace its components, all in one transaction: a bad component leaves the stored material as it was.

    A class set here is a curator's choice: the material's class is then recorded as curated, which no later
    inference (importers, the class data migration) replaces.
    """
    if "electrolyte_class" in changes and changes["electrolyte_class"] != material.electrolyte_class:
        changes = {**changes, "class_origin": Material.ClassOrigin.CURATED, "class_rule": ""}
    for name, value in changes.items():
        setattr(material, name, value)
    _material_save(material)
    if components is not None:
        material.components.all().delete()
        _save_components(material, components)
    return material


@transaction.atomic
def materials_set_status(*, materials: Iterable[Material], status: str) -> int:
    """Publish the materials, send them to review or back to draft: all of them or, on any error, none.

    Each is saved on its own, so every change lands in its history with its author. Returns how many changed.
    """
    if status not in PublicationStatus.values:
        raise ValidationError(
            {"status": f"Unknown status {status!r}; use one of: {', '.join(PublicationStatus.values)}."}
        )
    count = 0
    for material in materials:
        material.status = status
        _material_save(material, full_clean=False)
        count += 1
    return count


@transaction.atomic
def materials_confirm_class(*, materials: Iterable[Material]) -> int:
    """Record the inferred class of these materials as the curator's, so no later inference replaces it
    (all or none). Returns how many were confirmed; materials whose class is already curated are left alone."""
    count = 0
    for material in materials:
        if material.class_origin != Material.ClassOrigin.INFERRED:
            continue
        material.class_origin = Material.ClassOrigin.CURATED
        _material_save(material, full_clean=False)
        count += 1
    return count


def _save_components(material: Material, components: Iterable[Mapping[str, Any]]) -> None:
    """Validate and store ``components`` in order; errors are named ``components[i].field``."""
    for position, data in enumerate(components):
        component = Component(material=material, position=position, **data)
        try:
            component.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"components[{position}]" + ("" if name == "__all__" else f".{name}"): messages
                    for name, messages in exc.message_dict.items()
                }
            ) from None
        component.save()


def canonical_value(*, property: PropertyDefinition, value: float, unit: str) -> float:
    """The one conversion of a reported value in ``unit`` to ``property``'s canonical unit, bounds-checked.

    Every write path converts here: the services, the API and the importers through measurement_values, the admin
    form directly. Raises ValidationError naming ``unit`` (unknown or not accepted for the property) or ``value``
    (outside the property's bounds).
    """
    try:
        return property.convert(value, unit)
    except units.UnitError as exc:
        raise ValidationError({"unit": str(exc)}) from None
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from None


def convert_temperature(value: float | None, unit: str = units.KELVIN) -> float | None:
    """Temperature in K, or None; raises ValidationError naming the bad value."""
    if value is None:
        return None
    try:
        return units.temperature_to_kelvin(value, unit)
    except units.UnitError as exc:
        raise ValidationError({"temperature": str(exc)}) from None


class MeasurementValues(NamedTuple):
    """One reported value after ``measurement_values``: what is stored, and the warning it carries."""

    value: float  # in the property's canonical unit
    qualifier: str
    temperature_k: float | None
    temperature_nominal: bool
    measured_part: str
    implausible: str  # why the value is implausible, '' when plausible: it is stored, and the writer says so


_CHOICES = {"qualifier": set(Measurement.Qualifier.values), "measured_part": set(Measurement.MeasuredPart.values)}


def measurement_values(
    *,
    property: PropertyDefinition,
    value: float | None,
    unit: str | None,
    qualifier: str = Measurement.Qualifier.EQUAL,
    temperature: float | None = None,
    temperature_unit: str = units.KELVIN,
    temperature_nominal: bool = False,
    measured_part: str = Measurement.MeasuredPart.NOT_SPECIFIED,
) -> MeasurementValues:
    """The rules every reported value passes, whoever writes it (services, API, importers, one row at a time).

    ``value`` in ``unit`` becomes the canonical value (``unit=None``: it is already canonical; ``value=None``: an
    importer could not read it and reports why, the other rules still run so a row's report is whole); the property's
    bounds refuse an impossible value and mark an implausible one (``implausible``); the temperature becomes K
    (at or below absolute zero refused) and must be there when the property needs it or the source's words
    stand for it (``temperature_nominal``); qualifier and measured part must be known. Pure: no query, so an
    import calls it for every row. Raises one ValidationError naming every bad field: ``unit``, ``value``,
    ``temperature`` (as given), ``temperature_k`` (missing), ``qualifier``, ``measured_part``.
    """
    errors: dict[str, list[str]] = {}
    canonical = temperature_k = None
    try:
        if value is None:  # the caller could not read the value (and said why): the other rules still run
            pass
        elif unit is None:
            canonical = value
            try:
                property.check_bounds(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError({"value": str(exc)}) from None
        else:
            canonical = canonical_value(property=property, value=value, unit=unit)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        temperature_k = convert_temperature(temperature, temperature_unit)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if temperature_k is None and property.requires_temperature:
            errors["temperature_k"] = [f"{property.name} needs the temperature it was measured at."]
        elif temperature_k is None and temperature_nominal:
            errors["temperature_k"] = ["A value reported at 'room temperature' needs the temperature standing for it."]
    for name, given in (("qualifier", qualifier), ("measured_part", measured_part)):
        if given not in _CHOICES[name]:  # a set lookup: this runs for each of an import's rows
            try:
                Measurement._meta.get_field(name).clean(given, None)  # the model's own message
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return MeasurementValues(
        value=canonical,
        qualifier=qualifier,
        temperature_k=temperature_k,
        temperature_nominal=temperature_nominal,
        measured_part=measured_part,
        implausible=property.implausibility(canonical) if canonical is not None else "",
    )


def clean_for_batch(instance: models.Model, *, relations: Iterable[str] = ()) -> None:
    """full_clean() for a row written in bulk (the importers): the model's own rules (field choices and lengths,
    ``clean()``, for a material the formula columns of chemistry.material_formula) without the three checks that
    each cost a query per row. The foreign keys named in ``relations`` were resolved by the batch's lookups,
    uniqueness by its in-memory sets of keys, and the database's constraints refuse the rest (aborting the file).
    """
    instance.full_clean(exclude=list(relations), validate_unique=False, validate_constraints=False)


class BatchCleaner:
    """``clean_for_batch`` for the many rows of one model that an import writes, at a fraction of the cost.

    A field's own checks (choices, length, type) depend on its value alone, and most values of a batch repeat
    (the property, unit, qualifier, dataset, empty notes): a value of a field that passed once, and that
    cleaning left as it was, is not checked again. Values that vary per row (the value, the row id) are still
    checked every time, and so is the model's ``clean()``, which compares fields. What a field remembers is
    bounded (MAX_VALUES), so memory does not grow with the file. The errors raised are full_clean()'s own.
    """

    MAX_VALUES = 1000

    def __init__(self, model: type[models.Model], *, relations: Iterable[str] = ()):
        self.relations = list(relations)
        self.fields = [
            (f.name, f.attname, set()) for f in model._meta.fields if f.name not in self.relations and not f.generated
        ]

    def __call__(self, instance: models.Model) -> None:
        known = []
        checked = []
        for name, attname, valid in self.fields:
            value = getattr(instance, attname)
            try:
                key = (type(value), value)  # the type too: True == 1 == 1.0, but a CharField cleans them apart
                if key in valid:
                    known.append(name)
                    continue
            except TypeError:  # unhashable (a list for an ArrayField): always checked
                continue
            checked.append((attname, key, valid))
        instance.full_clean(exclude=self.relations + known, validate_unique=False, validate_constraints=False)
        for attname, (kind, value), valid in checked:
            cleaned = getattr(instance, attname)
            if len(valid) < self.MAX_VALUES and type(cleaned) is kind and cleaned == value:
                valid.add((kind, value))


@transaction.atomic
def measurement_create(
    *,
    material: Material,
    property: PropertyDefinition | str,
    value: float,
    unit: str,
    temperature: float | None = None,
    temperature_unit: str = units.KELVIN,
    temperature_nominal: bool = False,
    reported_value: str = "",
    qualifier: str = Measurement.Qualifier.EQUAL,
    measured_part: str = Measurement.MeasuredPart.NOT_SPECIFIED,
    method: str = Measurement.Method.NOT_SPECIFIED,
    is_extrapolated: bool = False,
    reference: Reference | None = None,
    source_dataset: Reference | None = None,
    source_row: str = "",
    notes: str = "",
    flag: str = Measurement.Flag.NONE,
    flag_reason: str = "",
    refit: bool = True,
    curated: bool = False,
) -> Measurement:
    """Store a value reported in ``unit``: converted to the canonical unit and bounds-checked.

    Raises ValidationError naming the field (``unit``, ``value``, ``temperature``...) on bad input.
    With ``refit`` the material's conductivity fits are recomputed when a conductivity changes.
    ``curated`` marks a value a curator wrote, which imports then never overwrite. ``temperature_nominal``: the
    source says only "room temperature" and ``temperature`` is the convention standing for it.
    """
    definition = property if isinstance(property, PropertyDefinition) else PropertyDefinition.objects.get(key=property)
    cleaned = measurement_values(
        property=definition,
        value=value,
        unit=unit,
        qualifier=qualifier,
        temperature=temperature,
        temperature_unit=temperature_unit,
        temperature_nominal=temperature_nominal,
        measured_part=measured_part,
    )
    measurement = Measurement(
        material=material,
        property=definition,
        value=cleaned.value,
        reported_value=reported_value or f"{value:g}",
        reported_unit=unit,
        qualifier=cleaned.qualifier,
        temperature_k=cleaned.temperature_k,
        temperature_nominal=cleaned.temperature_nominal,
        measured_part=cleaned.measured_part,
        method=method,
        is_extrapolated=is_extrapolated,
        reference=reference,
        source_dataset=source_dataset,
        source_row=source_row,
        notes=notes,
        curated_at=timezone.now() if curated else None,
        flag=flag,
        flag_reason=flag_reason,
    )
    measurement.full_clean()
    measurement.save()
    _refit_after_change(measurement, refit=refit)
    return measurement


def _refit_after_change(
    measurement: Measurement, *, previous_material_id: int | None = None, refit: bool = True
) -> None:
    """Fits and headlines derive from the measurements: recompute the affected materials' (same transaction).

    The headlines are always refreshed; ``refit=False`` only keeps the stored fits as they are.
    """
    from electrolytes.evidence import evidence_changed

    evidence_changed({measurement.material_id, previous_material_id}, refit=refit)


@transaction.atomic
def measurement_flag(*, measurement: Measurement, flag: str, reason: str = "") -> Measurement:
    """Flag a value as disputed, superseded or erroneous (with the reason), or clear its flag (``flag=""``).

    The change is kept in the measurement's history; the material's headlines are refreshed.
    """
    if flag not in Measurement.Flag.values:
        raise ValidationError({"flag": f"Unknown flag {flag!r}; use one of: {', '.join(Measurement.Flag.values[1:])}."})
    measurement.flag = flag
    measurement.flag_reason = reason.strip() if flag else ""
    measurement.full_clean()
    measurement.save()
    _refit_after_change(measurement)
    return measurement


@transaction.atomic
def reference_save(*, reference: Reference) -> Reference:
    """Validate and save a reference: its DOI normalised (errors on ``doi``) and used by no other reference
    (the database's reference_unique_doi, checked first so the error names the clashing DOI)."""
    try:
        reference.doi = normalise_doi(reference.doi)
    except ValidationError as exc:
        raise ValidationError({"doi": exc.messages}) from None
    if reference.doi and Reference.objects.filter(doi=reference.doi).exclude(pk=reference.pk).exists():
        raise ValidationError({"doi": f"A reference with DOI {reference.doi!r} already exists."})
    reference.full_clean()
    stored = Reference.objects.filter(pk=reference.pk).first() if reference.pk else None
    reference.save()
    if stored is not None and stored.citation != reference.citation:
        from electrolytes.evidence import citations_changed

        citations_changed([reference.pk])
    return reference


@transaction.atomic
def reference_get_or_create(*, doi: str = "", key: str = "", **fields: Any) -> tuple[Reference, bool]:
    """The reference with this DOI (normalised) or key, created from ``fields`` if missing."""
    doi = normalise_doi(doi)
    existing = None
    if doi:
        existing = Reference.objects.filter(doi=doi).first()
    if existing is None and key:
        existing = Reference.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    reference = Reference(
        doi=doi,
        key=key or unique_slug(doi or fields.get("title", "ref"), model=Reference, field="key", max_length=80),
        **fields,
    )
    reference.full_clean()
    reference.save()
    return reference, True


# --- Generic curation writes (used by the REST API) ----------------------------------------------


@transaction.atomic
def record_save(*, instance: models.Model, many_to_many: Mapping[str, Iterable[models.Model]] | None = None):
    """Validate ``instance`` with full_clean() and save it, then set its many-to-many relations.

    For records without rules beyond their model's own (classes, families, criteria,
    assessments, property definitions, references, processing routes).
    """
    instance.full_clean()
    instance.save()
    for name, related in (many_to_many or {}).items():
        getattr(instance, name).set(related)
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model) -> None:
    """Delete ``instance``; raises RecordInUse when protected records still point at it."""
    try:
        instance.delete()
    except models.ProtectedError as exc:
        users = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        # Named as the API addresses it (a reference by its key, a material by its slug) where it has such a name.
        name = getattr(instance, "key", None) or getattr(instance, "slug", None) or instance
        raise RecordInUse(
            f"{instance._meta.verbose_name.capitalize()} {name} is still used by "
            f"{len(exc.protected_objects)} record(s) ({', '.join(users)}); delete or reassign those first."
        ) from None


class RecordInUse(Exception):
    """A delete refused because other records still depend on the one being deleted."""


_UNSET: Any = object()


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    value: float = _UNSET,
    unit: str = _UNSET,
    temperature: float | None = _UNSET,
    temperature_unit: str = units.KELVIN,
    property: PropertyDefinition = _UNSET,
    refit: bool = True,
    **changes: Any,
) -> Measurement:
    """A curator's change to a measurement. A new value comes with its unit and is converted like in
    measurement_create; a new temperature is converted to K. Other fields (material, qualifier,
    reference...) are set as given.

    The row is locked and re-read first, so the change applies to what is stored now, never to a copy
    read before an import (or another curator) changed it: concurrent writes to one row are serialised
    and the row keeps agreeing with itself. It is marked curated, so imports keep it from then on.
    Returns the updated row.
    """
    if (value is _UNSET) != (unit is _UNSET):
        raise ValidationError({"unit": "Send value and unit together."})
    measurement = lock_measurement(measurement)
    previous_material_id = measurement.material_id
    if property is not _UNSET and property != measurement.property and value is _UNSET:
        raise ValidationError({"value": "A new property needs its value and unit too."})
    if property is not _UNSET:
        measurement.property = property
    # The row as it will be (the stored value and temperature where no new one is sent) passes the same rules.
    cleaned = measurement_values(
        property=measurement.property,
        value=measurement.value if value is _UNSET else value,
        unit=None if value is _UNSET else unit,
        qualifier=changes.get("qualifier", measurement.qualifier),
        temperature=measurement.temperature_k if temperature is _UNSET else temperature,
        temperature_unit=units.KELVIN if temperature is _UNSET else temperature_unit,
        temperature_nominal=changes.get("temperature_nominal", measurement.temperature_nominal),
        measured_part=changes.get("measured_part", measurement.measured_part),
    )
    measurement.value, measurement.temperature_k = cleaned.value, cleaned.temperature_k
    if value is not _UNSET:
        measurement.reported_value = changes.pop("reported_value", "") or f"{value:g}"
        measurement.reported_unit = unit
    for name, new in changes.items():
        setattr(measurement, name, new)
    measurement.curated_at = timezone.now()
    measurement.full_clean()
    measurement.save()
    _refit_after_change(measurement, previous_material_id=previous_material_id, refit=refit)
    return measurement


@transaction.atomic
def measurement_save(*, measurement: Measurement) -> Measurement:
    """Store a curator's edit of a whole, already validated row (the admin form) and refresh the evidence.

    The stored row is locked first, which serialises the save with an import writing it; the curated mark keeps
    later imports from overwriting the curator's value. Fits and headlines of the material it belonged to and of
    the one it belongs to now are recomputed in the same transaction.
    """
    previous = (
        Measurement.objects.select_for_update().filter(pk=measurement.pk).values_list("material_id", flat=True).first()
        if measurement.pk
        else None
    )
    measurement.curated_at = timezone.now()
    measurement.save()
    _refit_after_change(measurement, previous_material_id=previous)
    return measurement


@transaction.atomic
def measurements_delete(*, measurements: models.QuerySet[Measurement]) -> int:
    """Delete these measurements and recompute the fits and headlines of their materials (one transaction)."""
    from electrolytes.evidence import evidence_changed

    material_ids = set(measurements.values_list("material_id", flat=True))
    deleted, _ = measurements.delete()
    evidence_changed(material_ids)
    return deleted


def lock_measurement(measurement: Measurement) -> Measurement:
    """The stored row of ``measurement``, locked (SELECT ... FOR UPDATE) until the caller's transaction ends.

    Must run inside a transaction; an import writing the same row waits for it, and it waits for the import.
    """
    return Measurement.objects.select_for_update(of=("self",)).select_related("property").get(pk=measurement.pk)


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> None:
    """Delete a measurement and recompute the fits and headlines that used it.

    The stored row is locked and re-read first, so the material whose evidence changes is the one the
    row belongs to now, even when the caller's copy predates a move to another material.
    """
    measurement = lock_measurement(measurement)
    measurement.delete()
    _refit_after_change(measurement)


# --- API tokens -----------------------------------------------------------------------------------


@transaction.atomic
def api_token_issue(*, user) -> str:
    """A new API token for ``user``, replacing (revoking) any token they had; returns its key.

    Each user manages only their own token: the key is returned to them once and shown nowhere else.
    """
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


@transaction.atomic
def api_token_revoke(*, user) -> bool:
    """Delete ``user``'s API token; False when they had none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


# --- Crystal structures -------------------------------------------------------------------------------


def structure_from_parsed(
    *,
    material: Material,
    parsed: crystal.ParsedStructure,
    cif_text: str,
    source_kind: str,
    source_dataset: Reference | None = None,
    source_row: str = "",
    reference: Reference | None = None,
    label: str = "",
    is_close_match: bool = False,
    positions_perturbed: bool = False,
    mp_id: str = "",
    uploaded_by=None,
    file_name: str = "",
    instance: CrystalStructure | None = None,
) -> CrystalStructure:
    """A CrystalStructure (new, or ``instance`` updated) holding ``parsed`` and its flags, not saved.

    The composition is checked against the material's nominal one here, so every way in flags alike.
    """
    check = crystal.check_composition(material.composition, parsed)
    structure = instance or CrystalStructure()
    values = {
        "material": material,
        "source_kind": source_kind,
        "source_dataset": source_dataset,
        "source_row": source_row,
        "reference": reference,
        "label": label[:100],
        "is_close_match": is_close_match,
        "positions_perturbed": positions_perturbed,
        "mp_id": mp_id,
        "file_name": file_name[:255],
        "cif_text": cif_text,
        "cif_sha256": parsed.cif_sha256,
        "parse_warnings": "\n".join(parsed.warnings),
        "lattice_vectors": parsed.lattice_vectors,
        "sites": parsed.sites,
        "nsites": parsed.nsites,
        "formula": parsed.formula[:200],
        "composition": parsed.composition,
        "elements": parsed.elements,
        "space_group_given": parsed.space_group_given,
        "space_group_number_given": parsed.space_group_number_given,
        "space_group_found": parsed.space_group_found,
        "space_group_number_found": parsed.space_group_number_found,
        "no_lithium": parsed.no_lithium,
        "composition_mismatch": check.mismatch,
        "composition_difference": check.difference,
        "has_partial_occupancy": parsed.has_partial_occupancy,
        **{name: getattr(parsed, name) for name in ("a", "b", "c", "alpha", "beta", "gamma", "volume", "density")},
    }
    if uploaded_by is not None:
        values["uploaded_by"] = uploaded_by
    for name, value in values.items():
        setattr(structure, name, value)
    return structure


@transaction.atomic
def structure_create_from_cif(
    *,
    material: Material,
    cif_text: str,
    source_kind: str = CrystalStructure.SourceKind.UPLOAD,
    make_representative: bool | None = None,
    **fields: Any,
) -> CrystalStructure:
    """Parse ``cif_text``, check it against the material, store it (all or nothing).

    Raises ValidationError naming the ``cif`` field with pymatgen's reason when the file cannot be read.
    The new structure becomes the representative one when asked, or when the material has none yet.
    """
    if material.kind != Material.Kind.COMPOUND:
        raise ValidationError({"cif": "Only inorganic compounds have a crystal structure; this is a mixture."})
    try:
        parsed = crystal.parse_cif(cif_text)
    except crystal.CifError as exc:
        raise ValidationError({"cif": str(exc)}) from None
    structure = structure_from_parsed(
        material=material, parsed=parsed, cif_text=cif_text, source_kind=source_kind, **fields
    )
    structure.full_clean()
    structure.save()
    has_one = material.structures.filter(is_representative=True).exclude(pk=structure.pk).exists()
    if make_representative or (make_representative is None and not has_one):
        structure_set_representative(structure=structure)
    return structure


@transaction.atomic
def structure_set_representative(*, structure: CrystalStructure) -> CrystalStructure:
    """Make ``structure`` its material's representative one (the others stop being it)."""
    for other in structure.material.structures.filter(is_representative=True).exclude(pk=structure.pk):
        other.is_representative = False
        other.save(update_fields=["is_representative", "updated_at"])
    if not structure.is_representative:
        structure.is_representative = True
        structure.save(update_fields=["is_representative", "updated_at"])
    return structure


def structures_choose_representatives(*, material_ids: Iterable[int]) -> int:
    """Give each of these materials without a representative structure the best-ranked one it has
    (``crystal.representative_rank``); a curator's choice is never replaced. Returns how many were set."""
    chosen: dict[int, CrystalStructure] = {}
    taken = set(
        CrystalStructure.objects.filter(material_id__in=list(material_ids), is_representative=True).values_list(
            "material_id", flat=True
        )
    )
    candidates = CrystalStructure.objects.filter(material_id__in=list(material_ids)).exclude(material_id__in=taken)
    for structure in candidates.only(
        "id", "material_id", "no_lithium", "composition_mismatch", "is_close_match", "composition_difference"
    ):
        best = chosen.get(structure.material_id)
        if best is None or crystal.representative_rank(structure) < crystal.representative_rank(best):
            chosen[structure.material_id] = structure
    if chosen:
        CrystalStructure.objects.filter(pk__in=[s.pk for s in chosen.values()]).update(is_representative=True)
    return len(chosen)
