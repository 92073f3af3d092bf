"""Curator admin for crystal structures: upload a CIF on a material (parsed, checked and flagged exactly as
the importer does, see electrolytes/crystal.py), and edit what a curator decides (label, paper, flags the
file cannot tell, which structure is the representative one)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from electrolytes import crystal, services
from electrolytes.admin.inlines import ReadOnlyListInline
from electrolytes.models import CrystalStructure, Material

CURATED_FIELDS = ["label", "reference", "is_close_match", "positions_perturbed", "mp_id"]


class StructureUploadForm(forms.ModelForm):
    """A CIF file for a material; refused with pymatgen's reason when it cannot be read."""

    cif_file = forms.FileField(
        label="CIF file",
        help_text=f"A crystallographic information file, at most {crystal.MAX_CIF_BYTES // (1024 * 1024)} MB; "
        "partial occupancies are kept.",
    )
    make_representative = forms.BooleanField(
        required=False,
        help_text="Show this structure first and serve it through OPTIMADE (the first structure of a material "
        "always is).",
    )

    class Meta:
        model = CrystalStructure
        fields = ["material", *CURATED_FIELDS]

    def clean_cif_file(self):
        upload = self.cleaned_data["cif_file"]
        if upload.size > crystal.MAX_CIF_BYTES:
            raise ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB; CIFs of up to "
                f"{crystal.MAX_CIF_BYTES // (1024 * 1024)} MB are accepted."
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        try:
            self.parsed = crystal.parse_cif(text)
        except crystal.CifError as exc:
            raise ValidationError(str(exc)) from None
        self.cif_text = text
        return upload

    def clean_material(self):
        material = self.cleaned_data["material"]
        if material.kind != Material.Kind.COMPOUND:
            raise ValidationError("Only inorganic compounds have a crystal structure; this is a mixture.")
        return material

    def _post_clean(self):
        # The instance is built by the service in save_model, from the parsed file: skip the model check
        # of the still-empty instance here.
        pass


class CrystalStructureInline(ReadOnlyListInline):
    model = CrystalStructure
    fields = ["label", "formula", "space_group_given", "space_group_found", "nsites", "is_representative",
              "no_lithium", "composition_mismatch", "has_partial_occupancy", "source_row"]  # fmt: skip
    verbose_name_plural = "Crystal structures (upload a CIF under Crystal structures > Add)"


@admin.register(CrystalStructure)
class CrystalStructureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "material", "is_representative", "source_kind", "source_row", "no_lithium",
                    "composition_mismatch", "is_close_match", "has_partial_occupancy", "nsites"]  # fmt: skip
    list_filter = ["source_kind", "is_representative", "no_lithium", "composition_mismatch", "is_close_match",
                   "positions_perturbed", "has_partial_occupancy"]  # fmt: skip
    list_select_related = ["material"]
    search_fields = ["material__name", "material__formula", "formula", "source_row", "label"]
    autocomplete_fields = ["material", "reference"]
    list_per_page = 50
    actions = ["make_representative"]
    readonly_fields = [
        "material", "source_kind", "source_dataset", "source_row", "file_name", "uploaded_by", "is_representative",
        "formula", "nsites", "a", "b", "c", "alpha", "beta", "gamma", "volume", "density", "space_group_given",
        "space_group_number_given", "space_group_found", "space_group_number_found", "no_lithium",
        "composition_mismatch", "composition_difference", "has_partial_occupancy", "parse_warnings", "cif_download",
        "created_at", "updated_at",
    ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = StructureUploadForm
            kwargs["fields"] = ["material", "cif_file", "make_representative", *CURATED_FIELDS]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["material", "cif_file", "make_representative", *CURATED_FIELDS]})]
        return [
            (None, {"fields": ["material", "label", "is_representative", "reference", "mp_id", "cif_download"]}),
            ("Source", {"fields": ["source_kind", "source_dataset", "source_row", "file_name", "uploaded_by"]}),
            (
                "Flags",
                {
                    "fields": [
                        "no_lithium",
                        "composition_mismatch",
                        "composition_difference",
                        "is_close_match",
                        "positions_perturbed",
                        "has_partial_occupancy",
                    ]
                },
            ),
            ("Cell", {"fields": ["formula", "nsites", "a", "b", "c", "alpha", "beta", "gamma", "volume", "density"]}),
            (
                "Symmetry",
                {
                    "fields": [
                        "space_group_given",
                        "space_group_number_given",
                        "space_group_found",
                        "space_group_number_found",
                    ]
                },
            ),
            ("Parsing", {"fields": ["parse_warnings", "created_at", "updated_at"], "classes": ["collapse"]}),
        ]

    @admin.display(description="CIF")
    def cif_download(self, obj: CrystalStructure) -> str:
        url = reverse("structure-cif", args=[obj.material.slug, obj.pk])
        return format_html('<a href="{}">Download the CIF ({} sites)</a>', url, obj.nsites)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        structure = services.structure_create_from_cif(
            material=data["material"],
            cif_text=form.cif_text,
            make_representative=True if data.get("make_representative") else None,
            uploaded_by=request.user,
            file_name=data["cif_file"].name,
            **{name: data.get(name) or field_default(name) for name in CURATED_FIELDS},
        )
        obj.__dict__.update(structure.__dict__)  # the admin logs and redirects to the stored record

    @admin.action(description="Make the selected structures their material's representative one")
    def make_representative(self, request, queryset):
        for structure in queryset.select_related("material"):
            services.structure_set_representative(structure=structure)
        self.message_user(request, f"{queryset.count()} structure(s) made representative.")


def field_default(name: str):
    return CrystalStructure._meta.get_field(name).get_default()
