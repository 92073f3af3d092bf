"""One test per database constraint: the database itself refuses the bad row."""

import pytest
from django.db import IntegrityError, transaction

from electrolytes.models import (
    ClassAssessment,
    Component,
    ConductivityFit,
    Criterion,
    ImportRun,
    Job,
    Material,
    Measurement,
    MeasurementSource,
    ProcessingRoute,
    PropertyDefinition,
    PropertyHeadline,
    Reference,
    RouteConditionSource,
    StructureFamily,
)
from tests import factories


@pytest.fixture
def base(properties):
    cls = factories.electrolyte_class("sulfide")
    material = factories.material("Li6PS5Cl", "Li6PS5Cl")
    ref = factories.reference("paper", doi="10.1000/abc")
    dataset = factories.reference("dataset", kind="dataset")
    return {
        "cls": cls,
        "material": material,
        "ref": ref,
        "dataset": dataset,
        "sigma": PropertyDefinition.objects.get(key="ionic_conductivity"),
        "criterion": Criterion.objects.create(slug="conductivity", name="Ionic conductivity"),
    }


def structure(base, **fields):
    """A crystal structure row of base's material (the hand-written rock-salt CIF), saved."""
    from electrolytes import crystal, services
    from tests.structures import cifs

    row = services.structure_from_parsed(
        material=base["material"], parsed=crystal.parse_cif(cifs.ORDERED_LICL), cif_text=cifs.ORDERED_LICL,
        source_kind="upload",
    )  # fmt: skip
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def assert_refused(constraint: str, create):
    with pytest.raises(IntegrityError) as exc_info, transaction.atomic():
        create()
    assert constraint in str(exc_info.value)


def measurement(base, **fields):
    defaults = {"material": base["material"], "property": base["sigma"], "value": 1e-3, "temperature_k": 298.0}
    defaults.update(fields)
    if not any(k in defaults for k in ("reference", "source_dataset", "is_derived")):
        defaults["reference"] = base["ref"]
    return Measurement.objects.create(**defaults)


def headline(base, **fields):
    values = {"value": 1e-3, "min_value": 1e-3, "max_value": 1e-3, "n_sources": 1, "agreement": "single",
              "basis": "One source."}  # fmt: skip
    return PropertyHeadline.objects.create(material=base["material"], property=base["sigma"], **{**values, **fields})


def fit(base, **fields):
    defaults = {
        "material": base["material"],
        "source": base["ref"],
        "model": "arrhenius",
        "activation_energy_ev": 0.3,
        "prefactor": 1e3,
        "sigma_25c": 1e-3,
        "r_squared": 0.99,
        "t_min_k": 280,
        "t_max_k": 350,
        "n_points": 4,
    }
    defaults.update(fields)
    return ConductivityFit.objects.create(**defaults)


def route(base, **fields):
    defaults = {"slug": "r", "name": "Route", "route_type": "ball_milling", "mode": "ex_situ"}
    defaults.update(fields)
    return ProcessingRoute.objects.create(electrolyte_class=base["cls"], **defaults)


CASES = {
    "family_unique_name_per_class": lambda b: [
        StructureFamily.objects.create(slug=s, name="Argyrodite", electrolyte_class=b["cls"]) for s in ("a1", "a2")
    ],
    "assessment_unique_cell": lambda b: [
        ClassAssessment.objects.create(electrolyte_class=b["cls"], criterion=b["criterion"], rating=1, explanation="x")
        for _ in range(2)
    ],
    "assessment_rating_range": lambda b: ClassAssessment.objects.create(
        electrolyte_class=b["cls"], criterion=b["criterion"], rating=3, explanation="x"
    ),
    "reference_unique_doi": lambda b: Reference.objects.create(key="again", doi="10.1000/abc", title="t"),
    "reference_doi_shape": lambda b: Reference.objects.create(key="bad", doi="not-a-doi", title="t"),
    "reference_doi_lowercase": lambda b: Reference.objects.create(key="upper", doi="10.1000/ABC", title="t"),
    "reference_year_range": lambda b: Reference.objects.create(key="old", title="t", year=1200),
    "material_compound_has_formula": lambda b: Material.objects.create(
        name="x", slug="x", electrolyte_class=b["cls"], kind="compound", formula=""
    ),
    "material_status_valid": lambda b: Material.objects.create(
        name="x", slug="x", electrolyte_class=b["cls"], formula="Li2S", status="secret"
    ),
    "material_physical_state_valid": lambda b: Material.objects.create(
        name="x", slug="x", electrolyte_class=b["cls"], formula="Li2S", physical_state="plasma"
    ),
    "material_mp_id_shape": lambda b: Material.objects.create(
        name="x", slug="x", electrolyte_class=b["cls"], formula="Li2S", mp_id="mp-abc"
    ),
    "material_slug_key": lambda b: Material.objects.create(
        name="x", slug=b["material"].slug, electrolyte_class=b["cls"], formula="Li2S"
    ),
    "component_amount_has_unit": lambda b: Component.objects.create(
        material=b["material"], role="lithium_salt", name="LiTFSI", amount=1.0, amount_unit=""
    ),
    "component_amount_non_negative": lambda b: Component.objects.create(
        material=b["material"], role="lithium_salt", name="LiTFSI", amount=-1, amount_unit="mol/kg"
    ),
    "component_percent_at_most_100": lambda b: Component.objects.create(
        material=b["material"], role="ceramic_filler", name="LLZO", amount=150, amount_unit="wt%"
    ),
    "component_molecular_weight_positive": lambda b: Component.objects.create(
        material=b["material"], role="polymer_host", name="PEO", molecular_weight=0
    ),
    "property_bounds_ordered": lambda b: PropertyDefinition.objects.create(
        key="x", name="X", canonical_unit="eV", min_value=5, max_value=1
    ),
    "measurement_temperature_positive": lambda b: measurement(b, temperature_k=-5),
    "measurement_nominal_temperature_has_value": lambda b: measurement(b, temperature_k=None, temperature_nominal=True),
    "measurement_fit_is_derived": lambda b: measurement(b, derived_from_fit=fit(b), is_derived=False),
    "measurement_row_needs_dataset": lambda b: measurement(b, source_row="17"),
    "measurement_has_source": lambda b: measurement(b, reference=None, is_derived=False),
    "measurement_unique_source_row": lambda b: [
        measurement(b, source_dataset=b["dataset"], source_row="17", measured_part="total") for _ in range(2)
    ],
    "measurement_flag_has_reason": lambda b: measurement(b, flag="disputed", flag_reason=""),
    "measurement_flag_valid": lambda b: measurement(b, flag="doubtful", flag_reason="why"),
    "measurement_source_unique": lambda b: [
        MeasurementSource.objects.create(measurement=m, dataset=b["dataset"], source_row="9")
        for m in [measurement(b)] * 2
    ],
    "headline_unique_material_property": lambda b: [headline(b), headline(b)],
    "headline_has_sources": lambda b: headline(b, n_sources=0),
    "headline_within_range": lambda b: headline(b, value=1.0, min_value=0.1, max_value=0.5),
    "fit_unique_per_source_model": lambda b: [fit(b), fit(b)],
    "fit_at_least_three_points": lambda b: fit(b, n_points=2),
    "fit_range_valid": lambda b: fit(b, t_min_k=400, t_max_k=300),
    "fit_r_squared_at_most_one": lambda b: fit(b, r_squared=1.5),
    "route_temperature_positive": lambda b: route(b, peak_temperature_k=0),
    "job_failed_has_error": lambda b: Job.objects.create(kind=Job.Kind.IMPORT, state=Job.State.FAILED, error=""),
    "route_duration_non_negative": lambda b: route(b, duration_h=-1),
    "route_solvent_needs_flag": lambda b: route(b, uses_solvent=False, solvent="NMP"),
    "route_thickness_positive": lambda b: route(b, electrolyte_thickness_um=0),
    "route_thickness_bound_needs_thickness": lambda b: route(b, thickness_bound="below"),
    "route_pressure_non_negative": lambda b: route(b, stack_pressure_mpa=-1),
    "route_dew_point_positive": lambda b: route(b, dew_point_k=0),
    "route_condition_source_unique": lambda b: [
        RouteConditionSource.objects.create(route=r, field="peak_temperature_k", reference=b["ref"])
        for r in [route(b, peak_temperature_k=823.15)] * 2
    ],
    "structure_one_representative": lambda b: [structure(b, is_representative=True) for _ in range(2)],
    "structure_unique_dataset_row": lambda b: [
        structure(b, source_kind="dataset", source_dataset=b["dataset"], source_row="7cr") for _ in range(2)
    ],
    "structure_dataset_has_dataset": lambda b: structure(b, source_kind="dataset"),
    "structure_has_sites": lambda b: structure(b, nsites=0),
    "structure_composition_difference_range": lambda b: structure(b, composition_difference=-0.1),
    "structure_cell_positive": lambda b: structure(b, c=-1.0),
    "structure_mp_id_shape": lambda b: structure(b, mp_id="mp-"),
    "import_run_no_writes_unless_completed": lambda b: ImportRun.objects.create(
        source="obelix", file_name="all.csv", status="refused", created=3
    ),
}


@pytest.mark.parametrize("constraint", sorted(CASES))
def test_database_refuses_rows_that_break_the_constraint(base, constraint):
    assert_refused(constraint, lambda: CASES[constraint](base))


def test_every_declared_constraint_has_a_test():
    from django.apps import apps

    declared = {c.name for model in apps.get_app_config("electrolytes").get_models() for c in model._meta.constraints}
    assert declared <= set(CASES), f"untested constraints: {sorted(declared - set(CASES))}"


def test_a_condition_source_needs_the_route_to_state_that_condition(base):
    from django.core.exceptions import ValidationError

    stated = route(base, peak_temperature_k=823.15)
    RouteConditionSource(route=stated, field="peak_temperature_k", reference=base["ref"]).full_clean()
    with pytest.raises(ValidationError) as exc:
        RouteConditionSource(route=stated, field="stack_pressure_mpa", reference=base["ref"]).full_clean()
    assert exc.value.message_dict == {"field": ["The route gives no stack pressure to source."]}
