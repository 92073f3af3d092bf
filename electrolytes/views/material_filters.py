"""The material list's filter form, built from the one definition of the material search
(electrolytes.material_parameters): a control for each parameter that has one, the property ranges the page
offers, and the "Sort by" select; a parameter without a control (typed into the address) has its error shown
below the form. A parameter added to the definition with a control appears here without a template change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from electrolytes.material_parameters import (
    MAX_TEXT_LENGTH,
    ORDERING_PARAMETER,
    PAGE_PROPERTY_RANGES,
    Control,
    SearchParameter,
    Section,
    ValueKind,
    parameter,
    search_parameters,
    sort_keys,
)
from electrolytes.models import PropertyDefinition


@dataclass
class Bound:
    """One input of a control: its name (the element id is f-<name>), current value, placeholder and error."""

    name: str
    value: str = ""
    placeholder: str = ""
    error: str = ""


@dataclass
class FilterControl:
    """One control of the form; a range has two inputs (from, to), every other control one."""

    control: Control
    label: str
    inputs: list[Bound]
    size: int = 8
    maxlength: int | None = None
    empty_label: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label) of a select
    groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # a select's optgroups

    @property
    def name(self) -> str:
        return self.inputs[0].name

    @property
    def value(self) -> str:
        return self.inputs[0].value

    @property
    def error(self) -> str:
        return self.inputs[0].error


@dataclass
class FilterForm:
    """The form's controls by where they stand, and the errors of the parameters it has no control for."""

    main: list[FilterControl]  # search, taxonomy, elements
    elements: list[FilterControl]  # must contain, must not contain: what the periodic table fills
    mixtures: list[FilterControl]
    ranges: list[FilterControl]  # the property ranges, then the temperature window
    sort: FilterControl
    other_errors: list[tuple[str, str]]

    @property
    def names(self) -> list[str]:
        """The name of every input, in page order."""
        controls = [*self.main, *self.mixtures, *self.ranges, self.sort]
        return [bound.name for control in controls for bound in control.inputs]

    @property
    def mixtures_open(self) -> bool:
        return any(bound.value for control in self.mixtures for bound in control.inputs)

    @property
    def elements_open(self) -> bool:
        return any(control.value for control in self.elements)


def _bound(name: str, params: Mapping, errors: Mapping[str, str], placeholder: str = "") -> Bound:
    return Bound(name, str(params.get(name, "")), placeholder, errors.get(name, ""))


def _options(search: SearchParameter) -> tuple[list[tuple[str, str]], list[tuple[str, list[tuple[str, str]]]]]:
    """(options, optgroups) of a select: a CHOICES parameter's labelled values, or the rows of its model."""
    if search.kind is not ValueKind.SLUGS:
        return list(search.choice_labels), []
    rows = search.model.objects.all()  # in the model's own order
    if not search.group_by:
        return [(row.slug, row.name) for row in rows], []
    groups: dict[object, list[tuple[str, str]]] = {}
    for row in rows.select_related(search.group_by):
        groups.setdefault(getattr(row, search.group_by), []).append((row.slug, row.name))
    return [], [(str(group), options) for group, options in groups.items()]


def _control(search: SearchParameter, params: Mapping, errors: Mapping[str, str]) -> FilterControl:
    if search.control is Control.RANGE:
        high = parameter(f"{search.stem}_max")
        inputs = [_bound(end.name, params, errors, end.placeholder) for end in (search, high)]
        return FilterControl(Control.RANGE, search.legend, inputs, size=search.input_size)
    control = FilterControl(
        search.control,
        search.label,
        [_bound(search.name, params, errors, search.placeholder)],
        maxlength=MAX_TEXT_LENGTH if search.kind in (ValueKind.TEXT, ValueKind.NAMES) else None,
        empty_label=search.empty_label,
    )
    if search.control is Control.SELECT:
        control.options, control.groups = _options(search)
    return control


def _property_range(definition: PropertyDefinition, params: Mapping, errors: Mapping[str, str]) -> FilterControl:
    placeholder, size = PAGE_PROPERTY_RANGES[definition.key]
    return FilterControl(
        Control.RANGE,
        f"{definition.name} ({definition.canonical_unit})",
        [_bound(f"{definition.key}_min", params, errors, placeholder), _bound(f"{definition.key}_max", params, errors)],
        size=size,
    )


def _sort(params: Mapping, errors: Mapping[str, str]) -> FilterControl:
    options = []
    for key in sort_keys().values():
        options += [(key.name, f"{key.label} (ascending)"), (f"-{key.name}", f"{key.label} (descending)")]
    sort = FilterControl(
        Control.SELECT,
        "Sort by",
        [_bound(ORDERING_PARAMETER, params, errors)],
        empty_label="Default (by name; best match first for a text search)",
        options=options,
    )
    if sort.value and sort.value not in dict(options):
        sort.options.insert(0, (sort.value, sort.value))  # several keys, as typed or linked: kept as they are
    return sort


def material_filter_form(
    params: Mapping, errors: Mapping[str, str], property_definitions: Iterable[PropertyDefinition]
) -> FilterForm:
    """The material list's filter form for the request's ``params`` and the parser's ``errors``."""
    sections: dict[Section, list[FilterControl]] = {section: [] for section in Section}
    for search in search_parameters():
        # A _max is the second input of its _min's range.
        if search.control is not Control.NONE and not (
            search.control is Control.RANGE and search.name.endswith("_max")
        ):
            sections[search.section].append(_control(search, params, errors))
    properties = [d for d in property_definitions if d.key in PAGE_PROPERTY_RANGES]
    form = FilterForm(
        main=sections[Section.SEARCH] + sections[Section.TAXONOMY] + sections[Section.ELEMENTS],
        elements=sections[Section.ELEMENTS],
        mixtures=sections[Section.MIXTURES],
        ranges=[_property_range(d, params, errors) for d in properties] + sections[Section.WINDOW],
        sort=_sort(params, errors),
        other_errors=[],
    )
    shown = set(form.names)
    form.other_errors = [(name, message) for name, message in errors.items() if name not in shown]
    return form
