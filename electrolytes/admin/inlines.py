"""Inline building blocks shared by the admin modules."""

from django.contrib import admin


class ReadOnlyListInline(admin.TabularInline):
    """A read-only list of related rows, each edited on its own page.

    Editable foreign-key widgets would cost a query per row; read-only cells use the rows
    fetched with ``list_select_related``, so the page size does not change the query count.
    """

    extra = 0
    can_delete = False
    show_change_link = True
    list_select_related: list[str] = []

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)
