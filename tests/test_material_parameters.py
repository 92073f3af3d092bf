"""The material search parameters are defined once (electrolytes.material_parameters); the parser, the API
schema and the material list page are all built from that definition."""

import pytest

from electrolytes.material_parameters import SEARCH_PARAMETERS, amount_ranges
from electrolytes.material_query import QueryError, parse_material_query

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
