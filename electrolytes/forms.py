"""Forms for the public pages that take parameters other than the shared material search
(which goes through electrolytes.material_query)."""

from __future__ import annotations

import re

from django import forms

from electrolytes import units
from electrolytes.selectors import MAX_COMPARE

SCALES = [("", "Automatic (as the property suggests)"), ("log", "Logarithmic"), ("linear", "Linear")]


def split_slugs(values: list[str]) -> list[str]:
    """Slugs from one or more ``materials`` parameters (comma- or space-separated), de-duplicated in order."""
    slugs: list[str] = []
    for value in values:
        for slug in re.split(r"[,\s]+", value):
            slug = slug.strip()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


class CompareForm(forms.Form):
    materials = forms.CharField(
        required=False,
        label="Materials",
        help_text=f"Slugs of 2 to {MAX_COMPARE} materials, separated by commas.",
    )
    temperature = forms.FloatField(
        required=False,
        label="Temperature (K)",
        min_value=1,
        max_value=2000,
        help_text="Values measured nearest this temperature are shown; 298.15 K is 25 °C.",
        widget=forms.NumberInput(attrs={"step": "any"}),
    )

    def clean_materials(self) -> list[str]:
        slugs = split_slugs(
            self.data.getlist("materials") if hasattr(self.data, "getlist") else [self.data.get("materials", "")]
        )
        if len(slugs) > MAX_COMPARE:
            raise forms.ValidationError(f"Compare at most {MAX_COMPARE} materials at once; {len(slugs)} were given.")
        bad = [slug for slug in slugs if not re.fullmatch(r"[-a-zA-Z0-9_]+", slug)]
        if bad:
            raise forms.ValidationError(f"{bad[0]!r} is not a material slug (letters, digits, - and _ only).")
        return slugs

    def clean_temperature(self) -> float:
        value = self.cleaned_data.get("temperature")
        return units.ROOM_TEMPERATURE_K if value is None else value


class ExploreForm(forms.Form):
    x = forms.ChoiceField(label="Horizontal axis")
    x_scale = forms.ChoiceField(label="Horizontal scale", choices=SCALES, required=False)
    y = forms.ChoiceField(label="Vertical axis")
    y_scale = forms.ChoiceField(label="Vertical scale", choices=SCALES, required=False)
    temperature_min = forms.FloatField(
        label="From (K)",
        required=False,
        min_value=1,
        help_text="Temperature-dependent properties (conductivities) are taken within this window.",
        widget=forms.NumberInput(attrs={"step": "any", "placeholder": f"{units.ROOM_TEMPERATURE_MIN_K:g}"}),
    )
    temperature_max = forms.FloatField(
        label="To (K)",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"step": "any", "placeholder": f"{units.ROOM_TEMPERATURE_MAX_K:g}"}),
    )

    electrolyte_class = forms.MultipleChoiceField(
        label="Classes shown",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every class.",
    )
    highlight = forms.ChoiceField(label="Highlight a class", required=False)

    def __init__(self, *args, definitions=(), classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = {d.key: d for d in definitions}
        choices = [(d.key, f"{d.name} ({d.canonical_unit})") for d in definitions]
        self.fields["x"].choices = choices
        self.fields["y"].choices = choices
        class_choices = [(c.slug, c.name) for c in classes]
        self.fields["electrolyte_class"].choices = class_choices
        self.fields["highlight"].choices = [("", "None"), *class_choices]

    def clean(self):
        data = super().clean()
        low = data.get("temperature_min") or units.ROOM_TEMPERATURE_MIN_K
        high = data.get("temperature_max") or units.ROOM_TEMPERATURE_MAX_K
        if "temperature_min" not in self.errors and "temperature_max" not in self.errors and low > high:
            self.add_error("temperature_min", f"The window starts ({low:g} K) above where it ends ({high:g} K).")
        data["temperature_min"], data["temperature_max"] = low, high
        for axis in ("x", "y"):
            definition = self.definitions.get(data.get(axis))
            if definition is not None and not data.get(f"{axis}_scale"):
                data[f"{axis}_scale"] = "log" if definition.log_scale else "linear"
        return data
