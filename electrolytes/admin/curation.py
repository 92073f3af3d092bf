"""The curator admin of the curated records: classes, references, materials, values, fits, routes, API tokens."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from electrolytes import evidence, services, units
from electrolytes.models import (
    ClassAssessment,
    Component,
    ConductivityFit,
    Criterion,
    ElectrolyteClass,
    Material,
    Measurement,
    MeasurementSource,
    ProcessingRoute,
    PropertyDefinition,
    PublicationStatus,
    Reference,
    RouteConditionSource,
    StructureFamily,
)

from .inlines import ReadOnlyListInline
from .structures import CrystalStructureInline

admin.site.site_header = "Electrolyte knowledge base: curation"
admin.site.site_title = "Electrolyte KB admin"
admin.site.index_title = "Curated data"


class StructureFamilyInline(admin.TabularInline):
    model = StructureFamily
    extra = 0
    fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ElectrolyteClass)
class ElectrolyteClassAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "category", "display_order"]
    list_editable = ["display_order"]
    list_filter = ["category"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StructureFamilyInline]


@admin.register(StructureFamily)
class StructureFamilyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "electrolyte_class"]
    list_filter = ["electrolyte_class"]
    list_select_related = ["electrolyte_class"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ClassAssessment)
class ClassAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["electrolyte_class", "criterion", "rating", "explanation"]
    list_filter = ["electrolyte_class", "criterion", "rating"]
    list_select_related = ["electrolyte_class", "criterion"]
    search_fields = ["explanation", "criterion__name", "electrolyte_class__name"]
    autocomplete_fields = ["references"]


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["key", "kind", "short_title", "journal", "year", "doi", "status"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["key", "doi", "title", "journal", "notes"]
    actions = ["fill_from_crossref"]

    @admin.action(description="Fill empty metadata of the selected references from Crossref")
    def fill_from_crossref(self, request, queryset):
        from electrolytes import crossref

        report = crossref.fill_references(queryset.exclude(doi="").order_by("key"))
        level = messages.WARNING if report.rate_limited or report.failed else messages.SUCCESS
        self.message_user(request, f"Crossref: {report.summary()}", level=level)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and Reference.CITED_FIELDS.intersection(form.changed_data):
            evidence.citations_changed([obj.pk])

    @admin.display(description="title")
    def short_title(self, obj):
        return obj.title if len(obj.title) <= 80 else obj.title[:77] + "..."


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ["position", "role", "name", "formula", "smiles", "amount", "amount_unit", "molecular_weight"]


class MeasurementInline(ReadOnlyListInline):
    model = Measurement
    fk_name = "material"
    fields = ["property", "qualifier", "value", "temperature_k", "measured_part", "method", "reference", "is_derived"]
    list_select_related = ["property", "reference", "material"]


class ProcessingRouteInline(ReadOnlyListInline):
    model = ProcessingRoute
    fields = ["name", "mode", "route_type", "peak_temperature_k", "atmosphere", "reference"]
    list_select_related = ["reference"]


class FamilyMismatchFilter(admin.SimpleListFilter):
    """Materials whose source gave a family label that was not applied, for curators to review."""

    title = "family label"
    parameter_name = "family_label"

    def lookups(self, request, model_admin):
        return [("mismatch", "Source's label not applied"), ("applied", "Applied or none given")]

    def queryset(self, request, queryset):
        if self.value() == "mismatch":
            return queryset.exclude(family_mismatch="")
        if self.value() == "applied":
            return queryset.filter(family_mismatch="")
        return queryset


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "reduced_formula", "electrolyte_class", "family", "kind", "status", "updated_at"]
    list_filter = ["status", "electrolyte_class", "class_origin", "kind", "family", FamilyMismatchFilter]
    list_select_related = ["electrolyte_class", "family"]
    search_fields = ["name", "slug", "formula", "reduced_formula", "description"]
    readonly_fields = [
        "reduced_formula", "elements", "nelements", "composition", "class_origin", "class_rule", "family_label",
        "family_mismatch", "created_at", "updated_at",
    ]  # fmt: skip
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["family"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "electrolyte_class", "family", "kind", "description"]}),
        ("Class and family", {"fields": ["class_origin", "class_rule", "family_label", "family_mismatch"]}),
        ("Composition", {"fields": ["formula", "reduced_formula", "elements", "nelements", "composition"]}),
        ("Identifiers", {"fields": ["space_group", "icsd_ids", "mp_id"]}),
        ("Timestamps", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [ComponentInline, MeasurementInline, ProcessingRouteInline, CrystalStructureInline]

    actions = ["publish", "unpublish", "confirm_class"]

    def save_model(self, request, obj, form, change):
        # A class a curator sets (or re-saves as chosen) is theirs: inference never replaces it afterwards.
        if not change or "electrolyte_class" in form.changed_data:
            obj.class_origin, obj.class_rule = Material.ClassOrigin.CURATED, ""
        super().save_model(request, obj, form, change)

    @admin.action(description="Confirm the inferred class of the selected materials")
    def confirm_class(self, request, queryset):
        confirmed = services.materials_confirm_class(
            materials=queryset.filter(class_origin=Material.ClassOrigin.INFERRED)
        )
        self.message_user(request, f"Confirmed the class of {confirmed} material(s).")

    @admin.action(description="Publish the selected materials")
    def publish(self, request, queryset):
        services.materials_set_status(materials=queryset, status=PublicationStatus.PUBLISHED)
        self.message_user(request, f"Published {queryset.count()} material(s).")

    @admin.action(description="Move the selected materials back to draft")
    def unpublish(self, request, queryset):
        services.materials_set_status(materials=queryset, status=PublicationStatus.DRAFT)
        self.message_user(request, f"Moved {queryset.count()} material(s) to draft.")


@admin.register(PropertyDefinition)
class PropertyDefinitionAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "key",
        "canonical_unit",
        "min_value",
        "max_value",
        "plausible_min",
        "plausible_max",
        "requires_temperature",
    ]
    search_fields = ["name", "key"]


class MeasurementAdminForm(forms.ModelForm):
    """Curators type a value in any accepted unit (mS/cm, meV, °C...); it is stored in the
    property's canonical unit, with what was typed kept as the reported value and unit."""

    value_unit = forms.CharField(
        required=False,
        label="Unit of the value",
        help_text="Leave empty for the property's canonical unit; e.g. mS/cm, uS/cm, log10(S/cm), meV, kJ/mol.",
    )
    temperature_unit = forms.ChoiceField(
        choices=list(units.TEMPERATURE_UNITS.items()),
        initial=units.KELVIN,
        required=False,
        label="Unit of the temperature",
    )

    class Meta:
        model = Measurement
        fields = [
            "material",
            "property",
            "qualifier",
            "value",
            "value_unit",
            "temperature_k",
            "temperature_unit",
            "measured_part",
            "method",
            "is_extrapolated",
            "reference",
            "source_dataset",
            "source_row",
            "reported_value",
            "reported_unit",
            "notes",
            "flag",
            "flag_reason",
        ]
        labels = {"temperature_k": "Temperature"}
        # The model's help texts describe what is stored; this form converts from the units chosen beside them.
        help_texts = {
            "value": "The number as the source reports it, in the unit given below (stored converted to the "
            "property's canonical unit).",
            "temperature_k": "In the unit chosen below (stored in K).",
        }

    def clean(self):
        data = super().clean()
        prop, value, unit = data.get("property"), data.get("value"), (data.get("value_unit") or "").strip()
        if prop is not None and value is not None and unit:
            try:
                data["value"] = services.canonical_value(property=prop, value=value, unit=unit)
            except ValidationError as exc:
                self._add_service_errors(exc, {"unit": "value_unit"})
            else:
                data["reported_value"] = data.get("reported_value") or f"{value:g}"
                data["reported_unit"] = data.get("reported_unit") or unit
        temperature = data.get("temperature_k")
        if temperature is not None and data.get("temperature_unit") == "degC":
            try:
                data["temperature_k"] = services.convert_temperature(temperature, "degC")
            except ValidationError as exc:
                self._add_service_errors(exc, {"temperature": "temperature_k"})
        return data

    def _add_service_errors(self, exc: ValidationError, fields: dict[str, str]) -> None:
        """A service's errors on this form's fields (the service names ``unit``, the form ``value_unit``)."""
        for name, errors in exc.message_dict.items():
            for message in errors:
                self.add_error(fields.get(name, name), message)


class MeasurementSourceInline(admin.TabularInline):
    """The further datasets and rows that reported the same value (merged on import)."""

    model = MeasurementSource
    extra = 0
    fields = ["dataset", "source_row", "reported_value", "reported_unit", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    form = MeasurementAdminForm
    list_display = [
        "material",
        "property",
        "qualifier",
        "value",
        "unit",
        "temperature_k",
        "measured_part",
        "reference",
        "source_dataset",
        "is_derived",
        "flag",
    ]
    list_filter = ["property", "flag", "measured_part", "is_derived", "is_extrapolated", "method"]
    inlines = [MeasurementSourceInline]
    list_select_related = ["material", "property", "reference", "source_dataset"]
    search_fields = ["material__name", "material__reduced_formula", "reference__doi", "source_row"]
    autocomplete_fields = ["material", "reference", "source_dataset"]
    raw_id_fields = ["derived_from_fit"]
    list_per_page = 100

    @admin.display(description="unit", ordering="property__canonical_unit")
    def unit(self, obj):
        return obj.property.canonical_unit

    # Fits derive from the measured conductivities, so every change to them recomputes the fits (the services').
    def save_model(self, request, obj, form, change):
        services.measurement_save(measurement=obj)

    def delete_model(self, request, obj):
        services.measurement_delete(measurement=obj)

    def delete_queryset(self, request, queryset):
        services.measurements_delete(measurements=queryset)


@admin.register(ConductivityFit)
class ConductivityFitAdmin(admin.ModelAdmin):
    list_display = ["material", "model", "source", "activation_energy_ev", "sigma_25c", "r_squared", "is_preferred"]
    list_filter = ["model", "is_preferred"]
    list_select_related = ["material", "source"]
    search_fields = ["material__name"]
    readonly_fields = ["computed_at"]
    raw_id_fields = ["material", "inputs"]
    autocomplete_fields = ["source"]


class RouteConditionSourceInline(admin.TabularInline):
    """Which paper each condition comes from, where that is not the route's own reference."""

    model = RouteConditionSource
    extra = 0
    fields = ["field", "reference", "note"]
    autocomplete_fields = ["reference"]


@admin.register(ProcessingRoute)
class ProcessingRouteAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mode", "route_type", "electrolyte_class", "material", "peak_temperature_k", "atmosphere"]
    list_filter = ["mode", "route_type", "electrolyte_class", "atmosphere"]
    list_select_related = ["electrolyte_class", "material", "reference"]
    search_fields = ["name", "notes"]
    autocomplete_fields = ["material", "reference"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RouteConditionSourceInline]


# --- API tokens: superusers only --------------------------------------------------------------------
# A token is its user's identity in the API. Curators manage only their own (the "My API token"
# page); here superusers revoke or issue other users' tokens, and no list or form shows a key.
admin.site.unregister(TokenProxy)


def _token_label(token: TokenProxy) -> str:
    return f"API token of {token.user}"


# DRF's Token prints as its key, and the admin puts str(obj) in page titles, breadcrumbs, messages
# and the change log; the proxy the admin edits prints as its owner instead.
TokenProxy.__str__ = _token_label


@admin.register(TokenProxy)
class SuperuserTokenAdmin(TokenAdmin):
    list_display = ["user", "created"]
    list_select_related = ["user"]
    fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)
