"""Writes: the permission matrix of every write endpoint, and what curators' writes store."""

from __future__ import annotations

import pytest
from django.test import Client

from electrolytes.models import (
    ClassAssessment,
    Criterion,
    ElectrolyteClass,
    Material,
    Measurement,
    ProcessingRoute,
    PropertyDefinition,
    Reference,
    StructureFamily,
)
from tests import factories
from tests.api.helpers import error

pytestmark = pytest.mark.django_db


def _existing(resource: str, kb) -> str:
    """Create a record nothing depends on and return its lookup value."""
    if resource == "materials":
        return factories.material("Spare", "Li2S", slug="spare").slug
    if resource == "measurements":
        return str(factories.measurement(kb.lps, "activation_energy", 0.4, "eV").id)
    if resource == "references":
        return factories.reference("spare2020").key
    if resource == "classes":
        return ElectrolyteClass.objects.create(slug="gel", name="Gel", category="polymer").slug
    if resource == "families":
        return factories.family("spare-family", electrolyte_class_slug="oxide").slug
    if resource == "properties":
        return PropertyDefinition.objects.create(
            key="porosity", name="Porosity", canonical_unit="1", min_value=0, max_value=1
        ).key
    if resource == "criteria":
        return Criterion.objects.create(slug="cost", name="Cost").slug
    if resource == "assessments":
        criterion = Criterion.objects.create(slug="cost", name="Cost")
        cls = ElectrolyteClass.objects.get(slug="sulfide")
        return str(
            ClassAssessment.objects.create(electrolyte_class=cls, criterion=criterion, rating=1, explanation="x").id
        )
    if resource == "processing-routes":
        cls = ElectrolyteClass.objects.get(slug="sulfide")
        return ProcessingRoute.objects.create(
            slug="spare-route", name="Spare", route_type="solid_state", mode="ex_situ", electrolyte_class=cls
        ).slug
    raise AssertionError(resource)


def _payload(resource: str) -> dict:
    return {
        "materials": {"name": "LYC", "formula": "Li3YCl6", "electrolyte_class": "sulfide", "slug": "lyc"},
        "measurements": {"material": "lps", "property": "ionic_conductivity", "value": 1.5, "unit": "mS/cm",
                         "temperature": 25, "temperature_unit": "degC", "reference": "kamaya2011"},
        "references": {"key": "new2024", "title": "New results", "doi": "https://doi.org/10.1000/ABC"},
        "classes": {"slug": "halide", "name": "Halide", "category": "inorganic"},
        "families": {"slug": "nasicon", "name": "NASICON", "electrolyte_class": "oxide"},
        "properties": {"key": "density", "name": "Density", "canonical_unit": "1", "min_value": 0, "max_value": 10},
        "criteria": {"slug": "safety", "name": "Safety"},
        "assessments": {"electrolyte_class": "oxide", "criterion": "cost", "rating": 2, "explanation": "Cheap.",
                        "references": ["kamaya2011"]},
        "processing-routes": {"slug": "ball-mill", "name": "Ball milling", "route_type": "ball_milling",
                              "mode": "ex_situ", "electrolyte_class": "sulfide", "steps": ["mill", "anneal"]},
    }[resource]  # fmt: skip


PATCHES = {
    "materials": ({"description": "Edited."}, Material, "slug", "description", "Edited."),
    "measurements": ({"notes": "Checked."}, Measurement, "id", "notes", "Checked."),
    "references": ({"title": "Edited title"}, Reference, "key", "title", "Edited title"),
    "classes": ({"description": "Edited."}, ElectrolyteClass, "slug", "description", "Edited."),
    "families": ({"description": "Edited."}, StructureFamily, "slug", "description", "Edited."),
    "properties": ({"symbol": "p"}, PropertyDefinition, "key", "symbol", "p"),
    "criteria": ({"description": "Edited."}, Criterion, "slug", "description", "Edited."),
    "assessments": ({"rating": -2}, ClassAssessment, "id", "rating", -2),
    "processing-routes": ({"notes": "Edited."}, ProcessingRoute, "slug", "notes", "Edited."),
}
RESOURCES = list(PATCHES)
NOT_AUTHENTICATED = error(401, None, "Authentication credentials were not provided.", code="not_authenticated")
FORBIDDEN = error(403, None, "You do not have permission to perform this action.", code="permission_denied")


def _send(client: Client, method: str, url: str, data: dict | None = None, **extra):
    return getattr(client, method)(url, data or {}, content_type="application/json", **extra)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    ("persona", "status", "body"), [("anonymous", 401, NOT_AUTHENTICATED), ("reader", 403, FORBIDDEN)]
)
def test_only_curators_write(kb, reader, resource, method, persona, status, body):
    lookup = _existing(resource, kb)
    client = Client()
    if persona == "reader":
        client.force_login(reader)
    url = f"/api/v1/{resource}/" if method == "post" else f"/api/v1/{resource}/{lookup}/"
    model = PATCHES[resource][1]
    before = model.objects.count()
    response = _send(client, method, url, _payload(resource) if method != "patch" else PATCHES[resource][0])
    assert (response.status_code, response.json()) == (status, body)
    if status == 401:
        assert response["WWW-Authenticate"] == "Token"
    assert model.objects.count() == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_curator_creates_updates_and_deletes(kb, curator_client, resource):
    lookup = _existing(resource, kb)
    patch, model, field, attribute, value = PATCHES[resource]

    created = _send(curator_client, "post", f"/api/v1/{resource}/", _payload(resource))
    assert created.status_code == 201, created.content
    assert model.objects.count() >= 2

    patched = _send(curator_client, "patch", f"/api/v1/{resource}/{lookup}/", patch)
    assert patched.status_code == 200, patched.content
    assert getattr(model.objects.get(**{field: lookup}), attribute) == value

    deleted = _send(curator_client, "delete", f"/api/v1/{resource}/{lookup}/")
    assert deleted.status_code == 204
    assert not model.objects.filter(**{field: lookup}).exists()


def test_material_create_normalises_formula_and_returns_the_read_shape(kb, curator_token):
    client = Client(HTTP_AUTHORIZATION=f"Token {curator_token}")
    response = _send(client, "post", "/api/v1/materials/", {
        "name": "LYC", "formula": "Li3YCl6", "electrolyte_class": "sulfide", "status": "draft",
    })  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in ("slug", "reduced_formula", "elements", "composition", "status")} == {
        "slug": "lyc",
        "reduced_formula": "Li3YCl6",
        "elements": ["Cl", "Li", "Y"],
        "composition": {"Li": 3.0, "Y": 1.0, "Cl": 6.0},
        "status": "draft",
    }
    assert Material.objects.get(slug="lyc").history.count() == 1


def test_material_update_replaces_components(kb, curator_client):
    response = _send(curator_client, "patch", "/api/v1/materials/peo-litfsi/", {
        "components": [{"role": "polymer_host", "name": "PEO", "molecular_weight": 600000},
                       {"role": "lithium_salt", "name": "LiFSI", "amount": 20, "amount_unit": "wt%"}],
    })  # fmt: skip
    assert response.status_code == 200
    stored = list(kb.peo.components.values_list("name", "amount", "amount_unit", "position"))
    assert stored == [("PEO", None, "", 0), ("LiFSI", 20.0, "wt%", 1)]


def test_material_update_with_a_bad_component_changes_nothing(kb, curator_client):
    before = list(kb.peo.components.values_list("name", "role", "position"))
    history = kb.peo.history.count()
    response = _send(curator_client, "patch", "/api/v1/materials/peo-litfsi/", {
        "name": "Renamed", "description": "Half an update", "status": "draft",
        "components": [{"role": "polymer_host", "name": "PEO"},
                       {"role": "ceramic_filler", "name": "LLZO", "formula": "Li7La3Zr2Oq"}],
    })  # fmt: skip
    assert response.status_code == 400
    body = response.json()
    assert list(body["error"]["fields"]) == ["components[1].formula"]
    assert body["error"]["message"].startswith("components[1].formula: ")
    stored = Material.objects.get(pk=kb.peo.pk)
    assert (stored.name, stored.description, stored.status) == ("PEO-LiTFSI", "", "published")
    assert list(stored.components.values_list("name", "role", "position")) == before
    assert stored.history.count() == history


def test_material_update_with_a_component_breaking_a_constraint_changes_nothing(kb, curator_client):
    response = _send(curator_client, "patch", "/api/v1/materials/peo-litfsi/", {
        "name": "Renamed", "components": [{"role": "lithium_salt", "name": "LiTFSI", "amount": 20}],
    })  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["components[0]"]
    assert Material.objects.get(pk=kb.peo.pk).name == "PEO-LiTFSI"
    assert list(kb.peo.components.values_list("name", flat=True)) == ["PEO", "LiTFSI"]


def test_material_create_with_a_bad_component_stores_nothing(kb, curator_client):
    response = _send(curator_client, "post", "/api/v1/materials/", {
        "name": "PEO-LiFSI", "slug": "peo-lifsi", "kind": "mixture", "electrolyte_class": "polymer",
        "components": [{"role": "polymer_host", "name": "PEO"},
                       {"role": "lithium_salt", "name": "LiFSI", "amount": 150, "amount_unit": "wt%"}],
    })  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["components[1]"]
    assert not Material.objects.filter(slug="peo-lifsi").exists()
    assert not Material.history.filter(slug="peo-lifsi").exists()


def test_measurement_create_converts_units(kb, curator_client):
    response = _send(curator_client, "post", "/api/v1/measurements/", _payload("measurements"))
    assert response.status_code == 201
    body = response.json()
    stored = Measurement.objects.get(id=body["id"])
    assert (stored.value, stored.temperature_k, stored.reported_value, stored.reported_unit) == (
        0.0015,
        298.15,
        "1.5",
        "mS/cm",
    )
    assert (body["value"], body["unit"], body["temperature_k"]) == (0.0015, "S/cm", 298.15)


def test_measurement_update_reconverts_a_new_value(kb, curator_client):
    measurement = Measurement.objects.get(material=kb.lps)
    response = _send(curator_client, "patch", f"/api/v1/measurements/{measurement.id}/", {"value": 30, "unit": "uS/cm"})
    assert response.status_code == 200
    measurement.refresh_from_db()
    assert (measurement.value, measurement.reported_unit) == (pytest.approx(3e-5), "uS/cm")
    lonely = _send(curator_client, "patch", f"/api/v1/measurements/{measurement.id}/", {"value": 30})
    assert lonely.json() == error(400, "unit", "Send value and unit together.")


@pytest.mark.parametrize(
    ("resource", "payload", "field", "message"),
    [
        ("materials", {"name": "X", "formula": "Li2Xx", "electrolyte_class": "sulfide"}, "formula",
         "Unknown element 'Xx' in formula 'Li2Xx'."),
        ("materials", {"name": "X", "formula": "Li)(", "electrolyte_class": "sulfide"}, "formula",
         "Formula 'Li)(' cannot be parsed."),
        ("materials", {"name": "X", "formula": "Li3PS4", "electrolyte_class": "nitride"}, "electrolyte_class",
         "Object with slug=nitride does not exist."),
        ("materials", {"name": "X", "formula": "Li3PS4", "electrolyte_class": "oxide", "family": "argyrodite"},
         "family", "Family Argyrodite belongs to class Sulfide, not to this one."),
        ("materials", {"name": "X", "formula": "Li3PS4", "electrolyte_class": "sulfide", "slug": "lps"}, "slug",
         "A material with slug 'lps' already exists."),
        ("materials", {"name": "X", "electrolyte_class": "sulfide"}, "formula",
         "An inorganic compound needs a formula."),
        ("measurements", {**_payload("measurements"), "unit": "eV"}, "unit",
         "Unit 'eV' is not accepted for Ionic conductivity; use one of: S/cm, S/m, log10(S/cm), mS/cm, mS/m, nS/cm, "
         "uS/cm."),
        ("measurements", {**_payload("measurements"), "unit": "furlongs"}, "unit", "Unknown unit 'furlongs'."),
        ("measurements", {**_payload("measurements"), "value": 1e9}, "value",
         "Ionic conductivity 1e+06 S/cm is impossible: outside 1e-30 to 100 S/cm."),
        ("measurements", {**_payload("measurements"), "value": "lots"}, "value", "A valid number is required."),
        ("measurements", {**_payload("measurements"), "temperature": -300, "temperature_unit": "degC"},
         "temperature", "Temperature -300 degC is at or below absolute zero."),
        ("measurements", {**_payload("measurements"), "temperature": None}, "temperature_k",
         "Ionic conductivity needs the temperature it was measured at."),
        ("measurements", {**_payload("measurements"), "reference": None}, "reference",
         "Every measured value needs its source: a reference or a source dataset."),
        ("references", {"key": "x", "title": "T", "doi": "not-a-doi"}, "doi",
         "'not-a-doi' is not a DOI (expected 10.<registrant>/<suffix>)."),
        ("references", {"key": "x", "title": "T", "doi": "10.1038/NMAT3066"}, "doi",
         "A reference with DOI '10.1038/nmat3066' already exists."),
        ("references", {"key": "x", "title": "T", "authors": ["A\x00B"]}, "authors.0",
         "Null characters are not allowed."),
        ("assessments", {"electrolyte_class": "oxide", "criterion": "cost", "rating": 5, "explanation": "x"},
         "rating", '"5" is not a valid choice.'),
        ("properties", {"key": "d", "name": "D", "canonical_unit": "1", "min_value": 5, "max_value": 1},
         "non_field_errors", "Constraint “property_bounds_ordered” is violated."),
    ],
)  # fmt: skip
def test_bad_writes_are_400_naming_the_field(kb, curator_client, resource, payload, field, message):
    Criterion.objects.create(slug="cost", name="Cost")
    response = _send(curator_client, "post", f"/api/v1/{resource}/", payload)
    expected_message = message if field == "non_field_errors" else f"{field}: {message}"
    assert (response.status_code, response.json()) == (
        400,
        {"error": {"status": 400, "code": "invalid", "message": expected_message, "fields": {field: [message]}}},
    )


def test_deleting_a_record_in_use_is_a_409(kb, curator_client):
    response = _send(curator_client, "delete", "/api/v1/references/kamaya2011/")
    assert response.status_code == 409
    assert response.json() == error(
        409,
        None,
        "Reference kamaya2011 is still used by 2 record(s) (measurements); delete or reassign those first.",
        code="conflict",
    )
    assert Reference.objects.filter(key="kamaya2011").exists()
