"""The curator admin's site: Django's own, except that autocomplete pickers label each option with the
model's ``picker_label()`` where it has one (references: two "Kraft et al. (2017)" must be told apart)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        picker_label = getattr(obj, "picker_label", None)
        if callable(picker_label):
            result["text"] = picker_label()
        return result


class KnowledgeBaseAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class KnowledgeBaseAdminConfig(AdminConfig):
    """Installed in place of ``django.contrib.admin`` so ``admin.site`` is a KnowledgeBaseAdminSite."""

    default_site = "electrolytes.admin_site.KnowledgeBaseAdminSite"
