"""Services validate everything and store nothing when input is bad."""

import math

import pytest
from django.core.exceptions import ValidationError

from electrolytes import services
from electrolytes.models import Component, Material, Measurement, Reference
from tests import factories


@pytest.fixture
def sulfide(properties):
    return factories.electrolyte_class("sulfide")


def messages(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def test_material_create_normalises_the_formula(sulfide):
    material = services.material_create(name="LGPS", formula="Li20Ge2P4S24", electrolyte_class=sulfide)
    material.refresh_from_db()
    assert (material.formula, material.reduced_formula) == ("Li20Ge2P4S24", "Li10GeP2S12")
    assert material.elements == ["Ge", "Li", "P", "S"]
    assert material.nelements == 4
    assert material.composition == {"Li": 10.0, "Ge": 1.0, "P": 2.0, "S": 12.0}
    assert material.slug == "lgps"
    assert material.status == "draft"


def test_material_create_sets_the_optimade_formulas(sulfide):
    latp = services.material_create(name="LATP", formula="Li1.3Al0.3Ti1.7(PO4)3", electrolyte_class=sulfide)
    latp.refresh_from_db()
    assert (latp.optimade_formula_reduced, latp.optimade_formula_anonymous) == (
        "Al3Li13O120P30Ti17",
        "A120B30C17D13E3",
    )
    lgps = services.material_create(name="LGPS", formula="Li20Ge2P4S24", electrolyte_class=sulfide)
    assert (lgps.optimade_formula_reduced, lgps.optimade_formula_anonymous) == ("GeLi10P2S12", "A12B10C2D")


def test_material_update_recomputes_the_optimade_formulas(sulfide):
    material = services.material_create(name="LPS", formula="Li3PS4", electrolyte_class=sulfide)
    services.material_update(material=material, formula="Li6PS5Cl")
    material.refresh_from_db()
    assert (material.optimade_formula_reduced, material.optimade_formula_anonymous) == ("ClLi6PS5", "A6B5CD")
    # A mixture is no OPTIMADE structure, even when it has a formula.
    services.material_update(material=material, kind=Material.Kind.MIXTURE)
    material.refresh_from_db()
    assert (material.reduced_formula, material.optimade_formula_reduced, material.optimade_formula_anonymous) == (
        "Li6PS5Cl",
        "",
        "",
    )


def test_mixture_without_formula_has_no_optimade_formulas(sulfide):
    material = services.material_create(name="PEO-LiTFSI", kind=Material.Kind.MIXTURE, electrolyte_class=sulfide)
    assert (material.optimade_formula_reduced, material.optimade_formula_anonymous) == ("", "")


def test_formula_too_long_for_optimade_is_refused(sulfide):
    # Nine amounts just above one, each with a different denominator near 1000, scale to whole numbers
    # whose OPTIMADE formula runs past the column's 255 characters.
    formula = "Li1.001003Na1.001009K1.001017Rb1.001024Cs1.001030Mg1.001034Ca1.001049Sr1.001056Ba1.001062O12"
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="Odd", formula=formula, electrolyte_class=sulfide)
    assert messages(exc_info) == {
        "formula": [f"The whole-number ratio of formula {formula!r} is too long for OPTIMADE."]
    }
    assert not Material.objects.exists()


def test_unparseable_formula_is_refused_and_nothing_is_stored(sulfide):
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="Bad", formula="Li(PO4", electrolyte_class=sulfide)
    assert messages(exc_info) == {"formula": ["Formula 'Li(PO4' cannot be parsed."]}
    assert not Material.objects.exists()


def test_unknown_element_is_refused(sulfide):
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="Bad", formula="Li2Xx", electrolyte_class=sulfide)
    assert messages(exc_info) == {"formula": ["Unknown element 'Xx' in formula 'Li2Xx'."]}


def test_compound_without_formula_is_refused(sulfide):
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="Nothing", electrolyte_class=sulfide)
    assert messages(exc_info) == {"formula": ["An inorganic compound needs a formula."]}


def test_family_from_another_class_is_refused(sulfide):
    garnet = factories.family("garnet", electrolyte_class_slug="oxide")
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="X", formula="Li2S", electrolyte_class=sulfide, family=garnet)
    assert messages(exc_info) == {"family": ["Family Garnet belongs to class Oxide, not to this one."]}


def test_bad_component_rolls_back_the_whole_mixture(sulfide):
    polymer = factories.electrolyte_class("solid-polymer", category="polymer")
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(
            name="PEO-LiTFSI",
            kind=Material.Kind.MIXTURE,
            electrolyte_class=polymer,
            components=[
                {"role": "polymer_host", "name": "PEO"},
                {"role": "ceramic_filler", "name": "LLZO", "formula": "Li7La3Zr2Oq"},
            ],
        )
    assert list(messages(exc_info)) == ["components[1].formula"]
    assert not Material.objects.exists()
    assert not Component.objects.exists()


def test_measurement_is_converted_to_the_canonical_unit(sulfide):
    material = factories.material("LGPS", "Li10GeP2S12")
    m = factories.measurement(material, "ionic_conductivity", 12, "mS/cm", temperature=27, temperature_unit="°C")
    m.refresh_from_db()
    assert math.isclose(m.value, 0.012)
    assert (m.reported_value, m.reported_unit) == ("12", "mS/cm")
    assert math.isclose(m.temperature_k, 300.15)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"key": "ionic_conductivity", "value": 1, "unit": "furlongs", "temperature": 300},
            {"unit": ["Unknown unit 'furlongs'."]},
        ),
        (
            {"key": "ionic_conductivity", "value": 1, "unit": "eV", "temperature": 300},
            {
                "unit": [
                    "Unit 'eV' is not accepted for Ionic conductivity; use one of: S/cm, S/m, log10(S/cm), "
                    "mS/cm, mS/m, nS/cm, uS/cm."
                ]
            },
        ),
        (
            {"key": "ionic_conductivity", "value": 500, "unit": "S/cm", "temperature": 300},
            {"value": ["Ionic conductivity 500 S/cm is impossible: outside 1e-30 to 100 S/cm."]},
        ),
        (
            {"key": "ionic_conductivity", "value": 0, "unit": "S/cm", "temperature": 300},
            {"value": ["Ionic conductivity 0 S/cm is impossible: it must be above zero."]},
        ),
        (
            {"key": "ionic_conductivity", "value": -1e-5, "unit": "S/cm", "temperature": 300},
            {"value": ["Ionic conductivity -1e-05 S/cm is impossible: it must be above zero."]},
        ),
        (
            {"key": "ionic_conductivity", "value": 1, "unit": "mS/cm", "temperature": -300, "temperature_unit": "°C"},
            {"temperature": ["Temperature -300 °C is at or below absolute zero."]},
        ),
        (
            {"key": "ionic_conductivity", "value": 1, "unit": "mS/cm"},
            {"temperature_k": ["Ionic conductivity needs the temperature it was measured at."]},
        ),
        (
            {"key": "activation_energy", "value": 5, "unit": "eV"},
            {"value": ["Activation energy 5 eV is impossible: outside 0 to 3 eV."]},
        ),
    ],
)
def test_bad_measurements_are_refused_with_their_message(sulfide, kwargs, expected):
    material = factories.material("LGPS", "Li10GeP2S12")
    key = kwargs.pop("key")
    with pytest.raises(ValidationError) as exc_info:
        factories.measurement(material, key, **kwargs)
    assert messages(exc_info) == expected
    assert not Measurement.objects.exists()


def test_measurement_without_any_source_is_refused(sulfide):
    material = factories.material("LGPS", "Li10GeP2S12")
    with pytest.raises(ValidationError) as exc_info:
        services.measurement_create(material=material, property="activation_energy", value=0.2, unit="eV")
    assert messages(exc_info) == {
        "reference": ["Every measured value needs its source: a reference or a source dataset."]
    }


def test_reference_get_or_create_normalises_and_reuses_the_doi(db):
    first, created = services.reference_get_or_create(
        doi="https://doi.org/10.1038/NMAT3066", title="A lithium superionic conductor"
    )
    again, created_again = services.reference_get_or_create(doi="doi:10.1038/nmat3066", title="ignored")
    assert created and not created_again
    assert first.pk == again.pk
    assert first.doi == "10.1038/nmat3066"
    assert Reference.objects.count() == 1


def test_reference_with_a_malformed_doi_is_refused(db):
    with pytest.raises(ValidationError) as exc_info:
        services.reference_get_or_create(doi="nmat3066", title="x")
    assert exc_info.value.messages == ["'nmat3066' is not a DOI (expected 10.<registrant>/<suffix>)."]
    assert not Reference.objects.exists()


def test_conductivity_changes_recompute_the_fits(sulfide):
    from electrolytes.models import ConductivityFit

    material = factories.material("LGPS", "Li10GeP2S12")
    ref = factories.reference("kamaya")
    # sigma*T = A exp(-Ea/kT) with Ea = 0.25 eV: three points give an Arrhenius fit.
    for t in (280.0, 300.0, 320.0):
        sigma = 1e3 / t * math.exp(-0.25 / (8.617333262e-5 * t))
        services.measurement_create(
            material=material, property="ionic_conductivity", value=sigma, unit="S/cm", temperature=t, reference=ref
        )
    fit = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert math.isclose(fit.activation_energy_ev, 0.25, rel_tol=1e-6)
    assert fit.n_points == 3

    last = material.measurements.filter(property__key="ionic_conductivity").order_by("-temperature_k").first()
    services.measurement_update(measurement=last, value=last.value * 10, unit="S/cm")
    refitted = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert refitted.activation_energy_ev > 0.25  # a steeper line once the hottest point rises

    services.measurement_delete(measurement=last)
    assert not ConductivityFit.objects.filter(material=material).exists()
    assert not material.measurements.filter(is_derived=True).exists()


# --- BatchCleaner: clean_for_batch for the rows of an import ------------------------------------------------

BATCH_RELATIONS = ["material", "property", "reference", "source_dataset", "derived_from_fit"]


def batch_measurement(row: int, **fields) -> Measurement:
    from electrolytes.models import PropertyDefinition

    values = {
        "material_id": 1,
        "value": 1e-3,
        "qualifier": "=",
        "temperature_k": 300.0,
        "source_dataset_id": 2,
        "source_row": f"row-{row}",
        "reported_value": "1e-3",
        "reported_unit": "S/cm",
        **fields,
    }
    measurement = Measurement(property_id=PropertyDefinition.objects.get(key="ionic_conductivity").pk, **values)
    measurement.property  # noqa: B018 (loaded once, as the importer's rows carry it)
    return measurement


def test_batch_cleaner_refuses_what_clean_for_batch_refuses_after_good_rows(properties):
    clean = services.BatchCleaner(Measurement, relations=BATCH_RELATIONS)
    for row in range(3):
        clean(batch_measurement(row))
    bad = {
        "qualifier": batch_measurement(10, qualifier="?"),  # the same field, a value never seen
        "reported_unit": batch_measurement(11, reported_unit="x" * 31),
        "value": batch_measurement(12, value=-1.0),  # clean() still runs for every row
        "flag_reason": batch_measurement(13, flag="suspect"),
    }
    for field, measurement in bad.items():
        with pytest.raises(ValidationError) as expected:
            services.clean_for_batch(measurement, relations=BATCH_RELATIONS)
        with pytest.raises(ValidationError) as got:
            clean(measurement)
        assert field in messages(got)
        assert messages(got) == messages(expected)


def test_batch_cleaner_checks_a_repeated_value_once_and_remembers_a_bounded_number(properties, monkeypatch):
    monkeypatch.setattr(services.BatchCleaner, "MAX_VALUES", 5)
    clean = services.BatchCleaner(Measurement, relations=BATCH_RELATIONS)
    field = Measurement._meta.get_field("reported_unit")
    calls = []
    original = type(field).clean
    monkeypatch.setattr(
        type(field), "clean", lambda self, value, instance: calls.append(self.name) or original(self, value, instance)
    )
    for row in range(20):
        clean(batch_measurement(row))
    assert calls.count("reported_unit") == 1  # "S/cm" every time
    assert calls.count("source_row") == 20  # a new row id each time
    remembered = {name: len(valid) for name, _attname, valid in clean.fields}
    assert remembered["source_row"] == 5
    assert remembered["reported_unit"] == 1
    # A value equal to a remembered one but of another type is checked again (True == 1 == 1.0).
    clean(batch_measurement(20, reported_unit=True))
    assert calls.count("reported_unit") == 2
