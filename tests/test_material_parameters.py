"""The material search parameters are defined once (electrolytes.material_parameters); the parser, the API
schema and the material list page are all built from that definition, so one added to it reaches all three."""

from dataclasses import fields
from html.parser import HTMLParser

import pytest

from electrolytes import material_parameters
from electrolytes.material_parameters import (
    PAGE_PROPERTY_RANGES,
    SEARCH_PARAMETERS,
    SORT_KEYS,
    Control,
    MaterialQuery,
    SearchParameter,
    Section,
    ValueKind,
    amount_ranges,
    ordering_choices,
    ordering_description,
    range_parameter_names,
)
from electrolytes.material_query import QueryError, parse_material_query
from electrolytes.models import PropertyDefinition

pytestmark = pytest.mark.django_db


def _documented(client) -> dict[str, str]:
    schema = client.get("/api/v1/schema/?format=json").json()
    return {p["name"]: p["description"] for p in schema["paths"]["/api/v1/materials/"]["get"]["parameters"]}


def test_the_schema_documents_each_defined_parameter_with_its_description(properties, anonymous_client):
    documented = _documented(anonymous_client)
    for parameter in SEARCH_PARAMETERS:
        if parameter.curators_only:
            assert parameter.name not in documented
        else:
            assert documented[parameter.name] == parameter.description


def test_the_parser_accepts_exactly_the_defined_parameters(properties):
    with pytest.raises(QueryError) as exc_info:
        parse_material_query({"colour": "red"}, other_parameters=[])
    accepted = exc_info.value.errors["colour"].removeprefix("Unknown parameter 'colour'; accepted: ").split(", ")
    assert accepted[: len(SEARCH_PARAMETERS)] == [parameter.name for parameter in SEARCH_PARAMETERS]


def test_the_list_page_labels_each_amount_range_with_its_unit(properties, anonymous_client):
    body = anonymous_client.get("/materials/").content.decode()
    for low, high in amount_ranges():
        assert f"<legend>{low.label} ({low.unit})</legend>" in body
        assert f'name="{low.name}"' in body and f'name="{high.name}"' in body
    assert "<legend>Salt (mol/kg of polymer)</legend>" in body


# --- A parameter added to the definition reaches the parser, the schema and the page ----------------

COMPOSITION = SearchParameter(
    "composition",
    ValueKind.FORMULA,
    "reduced_formula",
    "A formula written any way (a parameter that exists only in this test).",
    control=Control.TEXT,
    section=Section.TAXONOMY,
    label="Composition",
    placeholder="e.g. Li3PS4",
)


@pytest.fixture
def composition(monkeypatch, settings):
    """The definition with one more parameter; responses are not served from the shared cache."""
    settings.RESPONSE_CACHE = False
    monkeypatch.setattr(material_parameters, "SEARCH_PARAMETERS", (*SEARCH_PARAMETERS, COMPOSITION))
    return COMPOSITION


def test_a_parameter_added_to_the_definition_is_parsed(properties, composition):
    assert parse_material_query({"composition": "Li12P2S10Cl2"}).reduced_formula == "Li6PS5Cl"
    with pytest.raises(QueryError) as exc_info:
        parse_material_query({"composition": "Qq2"})
    assert set(exc_info.value.errors) == {"composition"}
    with pytest.raises(QueryError) as exc_info:
        parse_material_query({"colour": "red"}, other_parameters=[])
    accepted = exc_info.value.errors["colour"].removeprefix("Unknown parameter 'colour'; accepted: ").split(", ")
    assert accepted[: len(SEARCH_PARAMETERS) + 1] == [*(p.name for p in SEARCH_PARAMETERS), "composition"]


def test_a_parameter_added_to_the_definition_is_in_the_schema(properties, composition, anonymous_client):
    assert _documented(anonymous_client)["composition"] == composition.description


def test_a_parameter_added_to_the_definition_is_on_the_page(properties, composition, anonymous_client):
    body = anonymous_client.get("/materials/", {"composition": "Li3PS4"}).content.decode()
    assert '<label for="f-composition">Composition</label>' in body
    assert 'id="f-composition" name="composition" value="Li3PS4" placeholder="e.g. Li3PS4"' in body
    assert "composition" in _form_names(body)
    bad = anonymous_client.get("/materials/", {"composition": "Qq2"})
    assert bad.status_code == 400
    assert '<p class="field-error" id="e-composition">' in bad.content.decode()


# --- The schema and the page list what the definition lists ----------------------------------------


def test_the_schema_orderings_are_the_definitions_sort_keys(properties, anonymous_client):
    schema = anonymous_client.get("/api/v1/schema/?format=json").json()
    (ordering,) = [p for p in schema["paths"]["/api/v1/materials/"]["get"]["parameters"] if p["name"] == "ordering"]
    enum = [value for value in ordering["schema"]["items"]["enum"] if value]  # drf-spectacular adds a blank one
    assert enum == [f"{sign}{key.name}" for key in SORT_KEYS for sign in ("", "-")]
    assert ordering["description"] == ordering_description()


class _Form(HTMLParser):
    """The names of the inputs and selects of the filter form, and the values of its "ordering" select."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.names: list[str] = []
        self.select: str | None = None
        self.orderings: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("aria-label") == "Filter materials"
        elif self.inside and tag in ("input", "select") and attributes.get("name"):
            self.names.append(attributes["name"])
            self.select = attributes["name"] if tag == "select" else None
        elif self.inside and tag == "option" and self.select == "ordering" and attributes["value"]:
            self.orderings.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _form(body: str) -> _Form:
    form = _Form()
    form.feed(body)
    return form


def _form_names(body: str) -> list[str]:
    return _form(body).names


def test_the_page_form_has_an_input_for_each_defined_control_and_no_other(properties, anonymous_client):
    expected = {parameter.name for parameter in SEARCH_PARAMETERS if parameter.control is not Control.NONE}
    expected |= set(range_parameter_names(PAGE_PROPERTY_RANGES)) | {"ordering"}
    names = _form_names(anonymous_client.get("/materials/").content.decode())
    assert len(names) == len(set(names)), names
    assert set(names) == expected
    # Every other parameter is typed into the address: no control, but its own message under the form.
    assert {p.name for p in SEARCH_PARAMETERS if p.control is Control.NONE} == {
        "chemsys", "formula", "nelements_min", "nelements_max", "kind", "status"
    }  # fmt: skip


def test_the_page_labels_each_control_and_range_with_its_unit(properties, anonymous_client):
    body = anonymous_client.get("/materials/").content.decode()
    for parameter in SEARCH_PARAMETERS:
        if parameter.control is Control.RANGE:
            low = material_parameters.parameter(f"{parameter.stem}_min")
            assert f"<legend>{low.label} ({low.unit})</legend>" in body
        elif parameter.control is not Control.NONE:
            assert f'<label for="f-{parameter.name}">{parameter.label}</label>' in body
    for key in PAGE_PROPERTY_RANGES:
        definition = PropertyDefinition.objects.get(key=key)
        assert f"<legend>{definition.name} ({definition.canonical_unit})</legend>" in body
    assert "<legend>Temperature window (K)</legend>" in body
    assert "<legend>Ionic conductivity (S/cm)</legend>" in body


def test_the_sort_select_offers_the_definitions_sort_keys(properties, anonymous_client):
    form = _form(anonymous_client.get("/materials/", {"ordering": "-conductivity"}).content.decode())
    assert form.orderings == ordering_choices()
    assert form.orderings == [f"{sign}{key.name}" for key in SORT_KEYS for sign in ("", "-")]
    body = anonymous_client.get("/materials/", {"ordering": "-conductivity"}).content.decode()
    assert '<option value="-conductivity" selected>Ionic conductivity (descending)</option>' in body
    # Several keys (typed into the address) are kept as they are when the form is sent again.
    body = anonymous_client.get("/materials/", {"ordering": "-conductivity,name"}).content.decode()
    assert '<option value="-conductivity,name" selected>-conductivity,name</option>' in body


def test_an_address_only_parameter_has_its_error_under_the_form(properties, anonymous_client):
    body = anonymous_client.get("/materials/", {"nelements_min": "x"}).content.decode()
    assert '<p class="field-error" id="f-nelements_min">nelements_min: &#x27;x&#x27; is not a whole number.</p>' in body


def test_every_query_field_is_filled_from_the_definition():
    attributes = {parameter.attribute for parameter in SEARCH_PARAMETERS}
    assert attributes | {"ranges", "ordering"} == {f.name for f in fields(MaterialQuery)}
