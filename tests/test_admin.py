"""The curator admin: permissions, history and constant query counts."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from electrolytes import services
from electrolytes.models import (
    ClassAssessment,
    ConductivityFit,
    Criterion,
    ImportRun,
    Job,
    Material,
    Measurement,
    ProcessingRoute,
    Reference,
    StructureFamily,
)
from tests import factories
from tests.structures import cifs

REGISTERED = [model for model in admin.site._registry if model._meta.app_label == "electrolytes"]


def build_rows(n: int, offset: int = 0) -> None:
    """n rows of every curated model, with their relations filled in."""
    sulfide = factories.electrolyte_class("sulfide")
    for i in range(offset, offset + n):
        fam = StructureFamily.objects.create(slug=f"fam-{i}", name=f"Family {i}", electrolyte_class=sulfide)
        ref = factories.reference(f"ref-{i}", doi=f"10.1000/ref.{i}")
        mat = factories.material(f"Material {i}", "Li6PS5Cl", family_slug=fam.slug)
        mat.components.create(role="additive", name=f"Additive {i}")
        services.structure_create_from_cif(material=mat, cif_text=cifs.ORDERED_LICL)
        for t in (280, 300, 320):
            factories.measurement(mat, "ionic_conductivity", 1, "mS/cm", temperature=t, ref=ref)
        crit = Criterion.objects.create(slug=f"crit-{i}", name=f"Criterion {i}")
        cell = ClassAssessment.objects.create(electrolyte_class=sulfide, criterion=crit, rating=1, explanation="x")
        cell.references.add(ref)
        route = ProcessingRoute.objects.create(
            slug=f"route-{i}",
            name=f"Route {i}",
            route_type="ball_milling",
            mode="ex_situ",
            electrolyte_class=sulfide,
            material=mat,
            reference=ref,
            peak_temperature_k=823.15,
        )
        route.condition_sources.create(field="peak_temperature_k", reference=ref, note=f"Quote {i}")
        fit = ConductivityFit.objects.create(
            material=mat,
            source=ref,
            model="arrhenius",
            activation_energy_ev=0.3,
            prefactor=1,
            sigma_25c=1e-3,
            r_squared=0.9,
            t_min_k=280,
            t_max_k=320,
            n_points=3,
        )
        fit.inputs.set(mat.measurements.all())
        run = ImportRun.objects.create(source="obelix", file_name=f"all-{i}.csv", status="completed", rows=3, created=3)
        Job.objects.create(
            kind="import", label=f"all-{i}.csv", state="done", rows_read=3, rows_written=3, import_run=run
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.model_name)
def test_changelist_query_count_does_not_grow_with_rows(curator_client, properties, model):
    url = reverse(f"admin:electrolytes_{model._meta.model_name}_changelist")
    build_rows(2)
    small = count_queries(curator_client, url)
    build_rows(6, offset=2)
    assert count_queries(curator_client, url) == small


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.model_name)
def test_change_page_query_count_does_not_grow_with_related_rows(curator_client, properties, model):
    build_rows(1)
    obj = model.objects.order_by("pk").first()
    url = reverse(f"admin:electrolytes_{model._meta.model_name}_change", args=[obj.pk])
    small = count_queries(curator_client, url)
    # More related rows hanging off the same object (and more rows elsewhere).
    build_rows(3, offset=1)
    if model is Material:
        for t in (340, 360, 380, 400):
            factories.measurement(obj, "ionic_conductivity", 2, "mS/cm", temperature=t)
        obj.components.create(role="additive", name="More")
    assert count_queries(curator_client, url) == small


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.model_name)
def test_anonymous_users_are_sent_to_the_login_page(anonymous_client, model):
    url = reverse(f"admin:electrolytes_{model._meta.model_name}_changelist")
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_readers_without_staff_status_cannot_use_the_admin(reader_client):
    response = reader_client.get(reverse("admin:electrolytes_material_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_curator_edit_is_recorded_in_the_history(curator_client, curator, properties):
    material = factories.material("Argyrodite", "Li6PS5Cl", status="draft")
    url = reverse("admin:electrolytes_material_change", args=[material.pk])
    form = {
        "name": "Argyrodite Li6PS5Cl",
        "slug": material.slug,
        "status": "published",
        "electrolyte_class": material.electrolyte_class_id,
        "kind": "compound",
        "description": "",
        "formula": "Li6PS5Cl",
        "space_group": "F-43m",
        "icsd_ids": "",
        "mp_id": "",
    }
    for prefix in ("components", "measurements", "processing_routes", "structures"):
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = curator_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    material.refresh_from_db()
    assert (material.name, material.status, material.space_group) == ("Argyrodite Li6PS5Cl", "published", "F-43m")
    latest = material.history.first()
    assert latest.history_user == curator
    assert latest.history_type == "~"
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert changed == {"name", "status", "space_group"}

    history_page = curator_client.get(reverse("admin:electrolytes_material_history", args=[material.pk]))
    assert history_page.status_code == 200
    assert "curator" in history_page.content.decode()


def test_admin_refuses_a_bad_formula_with_its_message(curator_client, properties):
    cls = factories.electrolyte_class("sulfide")
    form = {
        "name": "Broken",
        "slug": "broken",
        "status": "draft",
        "electrolyte_class": cls.pk,
        "kind": "compound",
        "formula": "Li2Xx",
        "icsd_ids": "",
    }
    for prefix in ("components", "measurements", "processing_routes", "structures"):
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = curator_client.post(reverse("admin:electrolytes_material_add"), form)
    assert response.status_code == 200
    assert "Unknown element &#x27;Xx&#x27; in formula &#x27;Li2Xx&#x27;." in response.content.decode()
    assert not Material.objects.exists()


def test_admin_refuses_an_out_of_range_measurement(curator_client, properties):
    material = factories.material("LGPS", "Li10GeP2S12")
    ref = factories.reference("kamaya", doi="10.1038/nmat3066")
    response = curator_client.post(
        reverse("admin:electrolytes_measurement_add"),
        {
            "material": material.pk,
            "property": material.measurements.model._meta.get_field("property")
            .related_model.objects.get(key="ionic_conductivity")
            .pk,
            "value": "500",
            "qualifier": "=",
            "temperature_k": "300",
            "measured_part": "total",
            "method": "eis",
            "reference": ref.pk,
        },
    )
    assert response.status_code == 200
    assert "Ionic conductivity 500 S/cm is impossible: outside 1e-30 to 100 S/cm." in response.content.decode()
    assert not Measurement.objects.exists()


def test_reference_doi_is_normalised_when_saved_through_the_admin(curator_client):
    response = curator_client.post(
        reverse("admin:electrolytes_reference_add"),
        {
            "key": "kamaya2011",
            "kind": "article",
            "doi": "https://doi.org/10.1038/NMAT3066",
            "title": "LGPS",
            "authors": "[]",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    assert Reference.objects.get().doi == "10.1038/nmat3066"


def measurement_form(material, ref, **fields) -> dict:
    from electrolytes.models import PropertyDefinition

    data = {
        "material": material.pk,
        "property": PropertyDefinition.objects.get(key="ionic_conductivity").pk,
        "qualifier": "=",
        "value": "12",
        "value_unit": "mS/cm",
        "temperature_k": "27",
        "temperature_unit": "degC",
        "measured_part": "total",
        "method": "eis",
        "reference": ref.pk,
    }
    data.update(fields)
    return data


def test_admin_converts_values_typed_in_other_units(curator_client, properties):
    material = factories.material("LGPS", "Li10GeP2S12")
    ref = factories.reference("kamaya", doi="10.1038/nmat3066")
    response = curator_client.post(reverse("admin:electrolytes_measurement_add"), measurement_form(material, ref))
    assert response.status_code == 302
    stored = Measurement.objects.get()
    assert (stored.value, stored.temperature_k) == (pytest.approx(0.012), pytest.approx(300.15))
    assert (stored.reported_value, stored.reported_unit) == ("12", "mS/cm")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value_unit": "furlongs"}, "Unknown unit &#x27;furlongs&#x27;."),
        (
            {"value_unit": "eV"},
            "Unit &#x27;eV&#x27; is not accepted for Ionic conductivity; use one of: S/cm, S/m, log10(S/cm), "
            "mS/cm, mS/m, nS/cm, uS/cm.",
        ),
        ({"temperature_k": "-300"}, "Temperature -300 degC is at or below absolute zero."),
        ({"value": "5", "value_unit": "S/m", "temperature_k": "-5", "temperature_unit": "K"}, "Temperature -5 K"),
    ],
)
def test_admin_names_what_is_wrong_with_a_measurement(curator_client, properties, fields, message):
    material = factories.material("LGPS", "Li10GeP2S12")
    ref = factories.reference("kamaya", doi="10.1038/nmat3066")
    response = curator_client.post(
        reverse("admin:electrolytes_measurement_add"), measurement_form(material, ref, **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


def _route_form(route, **extra) -> dict:
    form = {
        "slug": route.slug,
        "name": route.name,
        "route_type": route.route_type,
        "mode": route.mode,
        "electrolyte_class": route.electrolyte_class_id,
        "material": "",
        "steps": "",
        "cell_manufacturing_steps": "",
        "added_steps": "",
        "peak_temperature_k": "823.15",
        "temperature_note": "",
        "duration_h": "",
        "atmosphere": "inert",
        "dew_point_k": "",
        "electrolyte_thickness_um": "",
        "thickness_bound": "",
        "stack_pressure_mpa": "",
        "solvent": "",
        "notes": "",
        "reference": route.reference_id,
        "condition_sources-TOTAL_FORMS": 1,
        "condition_sources-INITIAL_FORMS": 0,
    }
    form.update(extra)
    return form


@pytest.fixture
def sourced_route(properties):
    sulfide = factories.electrolyte_class("sulfide")
    own = factories.reference("route-paper", doi="10.1000/route")
    return ProcessingRoute.objects.create(
        slug="milling",
        name="Milling",
        route_type="ball_milling",
        mode="ex_situ",
        electrolyte_class=sulfide,
        reference=own,
    )


def test_route_admin_saves_a_condition_source_inline(curator_client, sourced_route):
    anneal = factories.reference("anneal-paper", doi="10.1000/anneal")
    url = reverse("admin:electrolytes_processingroute_change", args=[sourced_route.pk])
    response = curator_client.post(
        url,
        _route_form(
            sourced_route,
            **{
                "condition_sources-0-field": "peak_temperature_k",
                "condition_sources-0-reference": anneal.pk,
                "condition_sources-0-note": '"heat-treatment at 550 °C" (https://example.org/paper)',
            },
        ),
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    sourced_route.refresh_from_db()
    assert sourced_route.peak_temperature_k == 823.15
    assert list(sourced_route.condition_sources.values_list("field", "reference__key", "note")) == [
        ("peak_temperature_k", "anneal-paper", '"heat-treatment at 550 °C" (https://example.org/paper)')
    ]


def test_route_admin_refuses_a_source_for_a_condition_the_route_does_not_state(curator_client, sourced_route):
    url = reverse("admin:electrolytes_processingroute_change", args=[sourced_route.pk])
    response = curator_client.post(
        url,
        _route_form(
            sourced_route,
            **{
                "condition_sources-0-field": "stack_pressure_mpa",
                "condition_sources-0-reference": sourced_route.reference_id,
                "condition_sources-0-note": "",
            },
        ),
    )
    assert response.status_code == 200
    assert "The route gives no stack pressure to source." in response.content.decode()
    assert not sourced_route.condition_sources.exists()
