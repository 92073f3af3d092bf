"""Serializers: explicit fields, read and write shapes kept apart where they differ.

Writes of materials and measurements go through electrolytes.services (formula
normalisation, unit conversion); the simpler records are validated with full_clean()
by services.record_save. Model validation errors come back as DRF ValidationErrors,
so the API answers 400 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import Hyperlink
from rest_framework.reverse import reverse as drf_reverse

from electrolytes import polymers, services, units
from electrolytes.evidence import headline_api
from electrolytes.models import (
    ClassAssessment,
    Component,
    Criterion,
    CrystalStructure,
    ElectrolyteClass,
    Material,
    Measurement,
    ProcessingRoute,
    PropertyDefinition,
    Reference,
    StructureFamily,
)
from electrolytes.temperature_windows import room_window_kelvin


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in exc.message_dict.items()
            }
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})


class SelectableFieldsMixin:
    """Drops every field not named in ``fields`` (the ``fields=`` query parameter)."""

    def __init__(self, *args, selected_fields: list[str] | None = None, **kwargs):
        self.selected = tuple(sorted(set(selected_fields))) if selected_fields else None
        super().__init__(*args, **kwargs)

    def get_fields(self):
        fields = super().get_fields()
        if self.selected:
            fields = {name: field for name, field in fields.items() if name in self.selected}
        return fields


_MISSING = object()
_URL_SLOT = "x0slot0x"  # a lookup value that every lookup_value_regex here matches, cut out of the reversed URL
_SAFE_LOOKUP = re.compile(r"[-a-zA-Z0-9_]+")  # reversed and made absolute unchanged (nothing to quote)
_PLAIN, _AS_IS, _SLUG, _METHOD, _URL = range(5)
# Field types whose to_representation returns a value of exactly this type unchanged.
_AS_IS_TYPES = {serializers.CharField: str, serializers.FloatField: float, serializers.IntegerField: int}
_PLAIN_TYPES = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.BooleanField,
    serializers.ChoiceField,
    serializers.JSONField,
    serializers.DateTimeField,
)


class FastReadMixin:
    """The read shape without DRF's per-field machinery: the same dict as DRF's to_representation, built
    from a plan made once per serializer class and field selection (no fields built per request, one
    ``reverse`` per request for the hyperlinks, plain attribute reads). Anything the plan does not cover
    exactly (a missing annotation, a lookup value that would need quoting, a format suffix) takes DRF's
    own path for that record; tests/api/test_fast_read.py compares the two on the fixtures."""

    _plans: ClassVar[dict] = {}

    def _plan(self) -> list | None:
        key = (type(self), getattr(self, "selected", None))
        if key not in FastReadMixin._plans:
            FastReadMixin._plans[key] = self._make_plan()
        return FastReadMixin._plans[key]

    def _make_plan(self) -> list | None:
        plan = []
        for field in self._readable_fields:
            name, source = field.field_name, field.source
            if isinstance(field, serializers.HyperlinkedIdentityField):
                if field.format or source != "*":
                    return None
                plan.append((name, _URL, field.view_name, (field.lookup_field, field.lookup_url_kwarg)))
            elif isinstance(field, serializers.SerializerMethodField):
                plan.append((name, _METHOD, field.method_name, None))
            elif "." in source or source == "*":
                return None
            elif isinstance(field, serializers.SlugRelatedField):
                if "__" in field.slug_field:
                    return None
                plan.append((name, _SLUG, source, field.slug_field))
            elif isinstance(field, serializers.ListField):
                if not isinstance(field.child, _PLAIN_TYPES) or field.child.source:
                    return None
                plan.append((name, _PLAIN, source, field.to_representation))
            elif isinstance(field, _PLAIN_TYPES):
                same = _AS_IS_TYPES.get(type(field)) or (str if type(field) is serializers.SlugField else None)
                kind = _AS_IS if same else _PLAIN
                plan.append((name, kind, source, (same, field.to_representation) if same else field.to_representation))
            else:
                return None
        return plan

    def _url_parts(self, view_name: str, lookup_url_kwarg: str) -> tuple[str, str] | None:
        """The absolute URL of this request's records split around the lookup value (DRF's reverse, once)."""
        cache = self.__dict__.setdefault("_url_cache", {})
        if view_name not in cache:
            request, parts = self.context.get("request"), None
            if request is not None and not self.context.get("format"):
                url = drf_reverse(view_name, kwargs={lookup_url_kwarg: _URL_SLOT}, request=request)
                split = url.split(_URL_SLOT)
                parts = (split[0], split[1]) if len(split) == 2 else None
            cache[view_name] = parts
        return cache[view_name]

    def to_representation(self, instance):
        plan = self._plan()
        if plan is None:
            return super().to_representation(instance)
        ret = {}
        for name, kind, source, extra in plan:
            if kind is _AS_IS or kind is _PLAIN:
                value = getattr(instance, source, _MISSING)
                if value is None:
                    ret[name] = None
                elif kind is _AS_IS and type(value) is extra[0]:
                    ret[name] = value
                elif value is _MISSING or callable(value):
                    return super().to_representation(instance)
                else:
                    ret[name] = extra(value) if kind is _PLAIN else extra[1](value)
            elif kind is _SLUG:
                try:
                    related = getattr(instance, source)
                except ObjectDoesNotExist:
                    related = None
                ret[name] = None if related is None else getattr(related, extra)
            elif kind is _METHOD:
                ret[name] = getattr(self, source)(instance)
            else:
                lookup_field, lookup_url_kwarg = extra
                parts = self._url_parts(source, lookup_url_kwarg)
                value = getattr(instance, lookup_field, None)
                if parts is None or instance.pk in (None, "") or not isinstance(value, str):
                    return super().to_representation(instance)
                if not _SAFE_LOOKUP.fullmatch(value):
                    return super().to_representation(instance)
                ret[name] = Hyperlink(parts[0] + value + parts[1], instance)
        return ret


class StrictTextMixin:
    """Text fields take JSON strings only: DRF's CharField would store the number 123 as "123", so a
    body the schema calls invalid (a numeric name) would be accepted."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {
                name: ["Not a valid string."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class CleanSaveMixin(StrictTextMixin):
    """create/update through services.record_save: full_clean() and many-to-many in one transaction."""

    def _save(self, instance, validated_data: dict[str, Any]):
        many = {}
        for name in list(validated_data):
            model_field = instance._meta.get_field(name)
            if model_field.many_to_many:
                many[name] = validated_data.pop(name)
            else:
                setattr(instance, name, validated_data[name])
        try:
            return services.record_save(instance=instance, many_to_many=many)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "number"}, "example": {"Li": 6, "P": 1}})
class CompositionField(serializers.JSONField):
    """{element: amount}, readable by pymatgen's Composition."""


# --- Taxonomy ----------------------------------------------------------------------------------


class ElectrolyteClassSerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:electrolyteclass-detail", lookup_field="slug")

    class Meta:
        model = ElectrolyteClass
        fields = ["url", "slug", "name", "category", "description", "advantages", "disadvantages", "preparation",
                  "display_order"]  # fmt: skip


class StructureFamilySerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:structurefamily-detail", lookup_field="slug")
    electrolyte_class = serializers.SlugRelatedField(slug_field="slug", queryset=ElectrolyteClass.objects.all())

    class Meta:
        model = StructureFamily
        fields = ["url", "slug", "name", "electrolyte_class", "description", "aliases"]


class CriterionSerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:criterion-detail", lookup_field="slug")

    class Meta:
        model = Criterion
        fields = ["url", "slug", "name", "description", "display_order"]


class ClassAssessmentSerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:classassessment-detail")
    electrolyte_class = serializers.SlugRelatedField(slug_field="slug", queryset=ElectrolyteClass.objects.all())
    criterion = serializers.SlugRelatedField(slug_field="slug", queryset=Criterion.objects.all())
    references = serializers.SlugRelatedField(
        slug_field="key", many=True, required=False, queryset=Reference.objects.all(), help_text="Reference keys."
    )

    class Meta:
        model = ClassAssessment
        fields = ["id", "url", "electrolyte_class", "criterion", "rating", "explanation", "references"]
        validators = []  # the (class, criterion) uniqueness is checked by full_clean() with a clearer message


class PropertyDefinitionSerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:propertydefinition-detail", lookup_field="key")
    accepted_units = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    scale = serializers.DictField(child=serializers.CharField(), required=False)

    class Meta:
        model = PropertyDefinition
        fields = ["url", "key", "name", "symbol", "canonical_unit", "accepted_units", "min_value", "max_value",
                  "log_scale", "requires_temperature", "is_qualitative", "scale", "description",
                  "display_order"]  # fmt: skip


# --- References --------------------------------------------------------------------------------


class ReferenceSerializer(CleanSaveMixin, serializers.ModelSerializer):
    """A reference is addressed by its key (/api/v1/references/<key>/); ``url`` is its own web address."""

    authors = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, help_text="Author names in published order."
    )
    doi = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text="DOI; stored lower-case without resolver prefix."
    )
    bibtex = serializers.SerializerMethodField(help_text="The reference as one BibTeX entry.")

    class Meta:
        model = Reference
        fields = ["key", "kind", "doi", "title", "authors", "journal", "year", "volume", "pages", "url", "licence",
                  "notes", "status", "bibtex"]  # fmt: skip

    def _save(self, instance: Reference, validated_data: dict[str, Any]) -> Reference:
        # The DOI is normalised and checked for clashes by the service, with the messages the API answers.
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            return services.reference_save(reference=instance)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None

    def get_bibtex(self, obj: Reference) -> str:
        return obj.to_bibtex()


# --- Materials ---------------------------------------------------------------------------------


class ComponentSerializer(StrictTextMixin, serializers.ModelSerializer):
    class Meta:
        model = Component
        fields = ["role", "name", "formula", "smiles", "amount", "amount_unit", "molecular_weight"]


def _property_field(source: str | None, text: str) -> serializers.FloatField:
    extra = {"source": source} if source else {}
    return serializers.FloatField(read_only=True, allow_null=True, help_text=text, **extra)


ROOM = room_window_kelvin()


# --- Crystal structures -----------------------------------------------------------------------------


class CrystalStructureSerializer(serializers.ModelSerializer):
    """A material's crystal structure: cell (Å, degrees), sites with occupancies, symmetry, source and flags."""

    source_dataset = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    reference = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    licence = serializers.SerializerMethodField(help_text="Licence of the dataset the structure comes from.")
    cif_url = serializers.SerializerMethodField(help_text="Where to download the CIF (with its attribution).")

    class Meta:
        model = CrystalStructure
        fields = ["id", "label", "is_representative", "source_kind", "source_dataset", "source_row", "reference",
                  "licence", "lattice_vectors", "a", "b", "c", "alpha", "beta", "gamma", "volume", "density",
                  "nsites", "sites", "formula", "composition", "elements", "space_group_given",
                  "space_group_number_given", "space_group_found", "space_group_number_found", "no_lithium",
                  "composition_mismatch", "composition_difference", "is_close_match", "positions_perturbed",
                  "has_partial_occupancy", "mp_id", "cif_url", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_licence(self, obj: CrystalStructure) -> str | None:
        return obj.source_dataset.licence or None if obj.source_dataset_id else None

    def get_cif_url(self, obj: CrystalStructure) -> str:
        path = reverse("api:material-structure", args=[obj.material.slug]) + "?format=cif"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MaterialSerializer(FastReadMixin, SelectableFieldsMixin, serializers.ModelSerializer):
    """A material with its composition and key room-temperature properties inline."""

    url = serializers.HyperlinkedIdentityField(view_name="api:material-detail", lookup_field="slug")
    electrolyte_class = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    family = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    composition = CompositionField(read_only=True, help_text="Reduced composition as {element: amount}.")
    ionic_conductivity = _property_field(
        "conductivity",
        f"Headline room-temperature ({ROOM}) ionic conductivity in S/cm, equal to "
        "headline.ionic_conductivity.value; with another temperature_min/temperature_max window, the unflagged "
        "measured value nearest the window's middle. Null when none.",
    )
    polymer = serializers.CharField(
        source="host_polymer",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="A mixture's host polymer (its first polymer-host component).",
    )
    polymer_mw = serializers.FloatField(
        source="host_mw",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The host polymer's molecular weight in g/mol.",
    )
    salt = serializers.CharField(
        read_only=True,
        default=None,
        allow_null=True,
        help_text="A mixture's lithium salt (its first lithium-salt component).",
    )
    salt_molality = serializers.FloatField(
        read_only=True, default=None, allow_null=True, help_text="Salt concentration in mol/kg of polymer."
    )
    eo_li = serializers.SerializerMethodField(
        help_text="Ether oxygens per Li+ of an ether host (EO:Li for PEO), from the molality; null otherwise."
    )
    activation_energy = _property_field(None, "Headline Arrhenius activation energy in eV; null when none.")
    oxidation_limit = _property_field(None, "Headline oxidation limit in V vs Li/Li+; null when none.")
    reduction_limit = _property_field(None, "Headline reduction limit in V vs Li/Li+; null when none.")
    headline = serializers.SerializerMethodField(
        help_text="Per property key (ionic_conductivity, activation_energy, oxidation_limit, reduction_limit): "
        "value, unit, temperature (K or null), n_sources, min, max, agreement (single, consistent, conflicting) "
        "and basis (which values and why). Properties without a headline are left out."
    )

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "value": {"type": "number"},
                    "unit": {"type": "string"},
                    "temperature": {"type": "number", "nullable": True},
                    "n_sources": {"type": "integer"},
                    "min": {"type": "number"},
                    "max": {"type": "number"},
                    "agreement": {"type": "string", "enum": ["single", "consistent", "conflicting"]},
                    "basis": {"type": "string"},
                },
            },
        }
    )
    def get_headline(self, material) -> dict:
        return {entry["key"]: headline_api(entry) for entry in getattr(material, "headline_list", None) or []}

    class Meta:
        model = Material
        fields = ["url", "slug", "name", "electrolyte_class", "family", "kind", "formula", "reduced_formula",
                  "elements", "nelements", "composition", "space_group", "icsd_ids", "mp_id", "description",
                  "status", "ionic_conductivity", "activation_energy", "oxidation_limit", "reduction_limit",
                  "headline", "created_at", "updated_at",
                  # issue 10: what the thing is, and a mixture's host polymer and salt
                  "class_origin", "family_label", "physical_state", "polymer", "polymer_mw", "salt",
                  "salt_molality", "eo_li"]  # fmt: skip
        read_only_fields = fields

    def get_eo_li(self, obj) -> float | None:
        ratio = polymers.eo_li(getattr(obj, "host_smiles", None), getattr(obj, "salt_molality", None))
        return round(ratio, 2) if ratio is not None else None


class MaterialDetailSerializer(MaterialSerializer):
    components = ComponentSerializer(many=True, read_only=True)
    structure = serializers.SerializerMethodField(help_text="The representative crystal structure; null when none.")

    class Meta(MaterialSerializer.Meta):
        fields = [*MaterialSerializer.Meta.fields, "components", "structure"]
        read_only_fields = fields

    @extend_schema_field(CrystalStructureSerializer(allow_null=True))
    def get_structure(self, obj: Material) -> dict | None:
        # The view prefetches the representative structure into ``representative_structures``.
        found = getattr(obj, "representative_structures", None)
        if found is None:
            found = list(obj.structures.filter(is_representative=True).select_related("source_dataset", "reference"))
        return CrystalStructureSerializer(found[0], context=self.context).data if found else None


MATERIAL_FIELDS = MaterialSerializer.Meta.fields


class MaterialWriteSerializer(StrictTextMixin, serializers.ModelSerializer):
    """What a curator sends; formula, reduced formula, elements and composition follow from ``formula``."""

    slug = serializers.SlugField(max_length=120, required=False, help_text="Made from the name when left out.")
    electrolyte_class = serializers.SlugRelatedField(slug_field="slug", queryset=ElectrolyteClass.objects.all())
    family = serializers.SlugRelatedField(
        slug_field="slug", queryset=StructureFamily.objects.all(), required=False, allow_null=True
    )
    icsd_ids = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=2**31 - 1), required=False)
    components = ComponentSerializer(
        many=True, required=False, help_text="Constituents of a mixture; given on update, they replace the old ones."
    )

    class Meta:
        model = Material
        fields = ["slug", "name", "electrolyte_class", "family", "kind", "physical_state", "formula", "space_group",
                  "icsd_ids", "mp_id", "description", "status", "components"]  # fmt: skip

    def create(self, validated_data):
        try:
            return services.material_create(**validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None

    def update(self, instance, validated_data):
        try:
            return services.material_update(material=instance, **validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None


# --- Measurements ------------------------------------------------------------------------------


class MeasurementSerializer(SelectableFieldsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:measurement-detail")
    material = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    property = serializers.SlugRelatedField(slug_field="key", read_only=True)
    unit = serializers.CharField(
        source="property.canonical_unit", read_only=True, help_text="The canonical unit ``value`` is in."
    )
    reference = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    source_dataset = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    other_sources = serializers.SerializerMethodField(
        help_text="Further datasets that reported the same value (merged on import): [{dataset, source_row}]."
    )

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"dataset": {"type": "string"}, "source_row": {"type": "string"}},
            },
        }
    )
    def get_other_sources(self, measurement) -> list[dict]:
        return [
            {"dataset": s["key"], "source_row": s["row"]} for s in getattr(measurement, "other_sources", None) or []
        ]

    class Meta:
        model = Measurement
        fields = ["id", "url", "material", "property", "value", "unit", "qualifier", "temperature_k",
                  "reported_value", "reported_unit", "measured_part", "method", "is_extrapolated", "is_derived",
                  "reference", "source_dataset", "source_row", "other_sources", "flag", "flag_reason",
                  "notes"]  # fmt: skip
        read_only_fields = fields


MEASUREMENT_FIELDS = MeasurementSerializer.Meta.fields


class MeasurementWriteSerializer(StrictTextMixin, serializers.Serializer):
    """A value as reported, in any unit the property accepts; it is stored in the canonical unit."""

    material = serializers.SlugRelatedField(slug_field="slug", queryset=Material.objects.all())
    property = serializers.SlugRelatedField(slug_field="key", queryset=PropertyDefinition.objects.all())
    value = serializers.FloatField(help_text="The value in ``unit``.")
    unit = serializers.CharField(max_length=30, help_text="Unit of ``value``, e.g. mS/cm; converted on save.")
    temperature = serializers.FloatField(required=False, allow_null=True, help_text="Temperature in temperature_unit.")
    temperature_unit = serializers.ChoiceField(
        choices=list(units.TEMPERATURE_UNITS), default=units.KELVIN, help_text="K or degC; stored in K."
    )
    reported_value = serializers.CharField(max_length=100, required=False, allow_blank=True)
    qualifier = serializers.ChoiceField(choices=Measurement.Qualifier.choices, required=False)
    measured_part = serializers.ChoiceField(choices=Measurement.MeasuredPart.choices, required=False)
    method = serializers.ChoiceField(choices=Measurement.Method.choices, required=False)
    is_extrapolated = serializers.BooleanField(required=False)
    reference = serializers.SlugRelatedField(
        slug_field="key", queryset=Reference.objects.all(), required=False, allow_null=True
    )
    source_dataset = serializers.SlugRelatedField(
        slug_field="key", queryset=Reference.objects.all(), required=False, allow_null=True
    )
    source_row = serializers.CharField(max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    flag = serializers.ChoiceField(
        choices=Measurement.Flag.choices, required=False, allow_blank=True, help_text="disputed, superseded, erroneous"
    )
    flag_reason = serializers.CharField(required=False, allow_blank=True, help_text="Required with a flag.")

    def validate(self, attrs):
        if self.partial and ("value" in attrs) != ("unit" in attrs):
            raise serializers.ValidationError({"unit": ["Send value and unit together."]})
        return attrs

    def create(self, validated_data):
        try:
            return services.measurement_create(**validated_data, curated=True)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None

    def update(self, instance, validated_data):
        try:
            return services.measurement_update(measurement=instance, **validated_data)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from None


# --- Processing --------------------------------------------------------------------------------


class ProcessingRouteSerializer(CleanSaveMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:processingroute-detail", lookup_field="slug")
    electrolyte_class = serializers.SlugRelatedField(slug_field="slug", queryset=ElectrolyteClass.objects.all())
    material = serializers.SlugRelatedField(
        slug_field="slug", queryset=Material.objects.all(), required=False, allow_null=True
    )
    reference = serializers.SlugRelatedField(
        slug_field="key", queryset=Reference.objects.all(), required=False, allow_null=True
    )
    steps = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    cell_manufacturing_steps = serializers.ListField(child=serializers.CharField(max_length=50), required=False)

    class Meta:
        model = ProcessingRoute
        fields = ["url", "slug", "name", "route_type", "mode", "electrolyte_class", "material", "steps",
                  "cell_manufacturing_steps", "peak_temperature_k", "duration_h", "atmosphere", "needs_dry_room",
                  "uses_solvent", "solvent", "notes", "reference"]  # fmt: skip


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status code."},
                "code": {"type": "string", "description": "Machine-readable error code, e.g. invalid, not_found."},
                "message": {"type": "string", "description": "What was wrong, in one sentence."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "Messages per parameter or field name.",
                },
            },
        }
    },
}
