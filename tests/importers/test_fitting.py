"""Arrhenius and VTF fits on synthetic data with a known answer, and how fits are stored."""

from __future__ import annotations

import math

import numpy as np
import pytest

from electrolytes import fitting
from electrolytes.models import ConductivityFit, Measurement
from tests import factories

K_B = fitting.BOLTZMANN_EV_PER_K


def arrhenius(t, ea=0.30, a=1.0e5):
    return a / t * np.exp(-ea / (K_B * t))


def vtf(t, a=2.0, b=1000.0, t0=200.0):
    return a * t**-0.5 * np.exp(-b / (t - t0))


def test_arrhenius_recovers_the_activation_energy_and_room_temperature_value():
    t = np.array([263.15, 283.15, 303.15, 323.15, 343.15])
    fit = fitting.fit_arrhenius(t, arrhenius(t))
    assert fit.activation_energy_ev == pytest.approx(0.30, rel=1e-9)
    assert fit.prefactor == pytest.approx(1.0e5, rel=1e-9)
    assert fit.sigma_25c == pytest.approx(arrhenius(298.15), rel=1e-9)
    assert fit.r_squared == pytest.approx(1.0)
    assert (fit.t_min_k, fit.t_max_k, fit.n_points, fit.extrapolated_by_k) == (263.15, 343.15, 5, 0.0)


def test_vtf_recovers_b_and_t0_and_is_preferred_for_vtf_data():
    t = np.linspace(260.0, 370.0, 9)
    fits, best = fitting.fit_conductivity(t, vtf(t))
    by_model = {f.model: f for f in fits}
    fit = by_model["vtf"]
    assert fit.vtf_t0_k == pytest.approx(200.0, abs=0.5)
    assert fit.activation_energy_ev == pytest.approx(1000.0 * K_B, rel=1e-2)
    assert fit.prefactor == pytest.approx(2.0, rel=5e-2)
    assert fit.sigma_25c == pytest.approx(vtf(298.15), rel=1e-3)
    assert fits[best].model == "vtf"
    assert by_model["arrhenius"].r_squared < fit.r_squared


def test_arrhenius_is_preferred_for_arrhenius_data_with_noise():
    rng = np.random.default_rng(7)
    t = np.linspace(250.0, 400.0, 8)
    sigma = arrhenius(t) * 10 ** rng.normal(0, 0.02, t.size)
    fits, best = fitting.fit_conductivity(t, sigma)
    assert fits[best].model == "arrhenius"
    assert fits[best].activation_energy_ev == pytest.approx(0.30, abs=0.01)


def test_too_few_temperatures_give_no_fit():
    assert fitting.fit_arrhenius([300.0, 300.0, 320.0], [1e-4, 1.1e-4, 2e-4]) is None
    assert fitting.fit_vtf([300.0, 310.0, 320.0], [1e-4, 1.5e-4, 2e-4]) is None
    assert fitting.fit_conductivity([300.0, 320.0], [1e-4, 2e-4]) == ([], None)


def test_extrapolation_is_flagged():
    t = np.array([333.15, 353.15, 373.15])
    fit = fitting.fit_arrhenius(t, arrhenius(t))
    assert fit.extrapolated_by_k == pytest.approx(35.0)
    assert fit.sigma_25c == pytest.approx(arrhenius(298.15), rel=1e-9)


@pytest.fixture
def series(properties):
    """A material with Arrhenius conductivities at four temperatures from one dataset."""
    dataset = factories.reference("synthetic-set", kind="dataset", title="Synthetic dataset")
    material = factories.material("Li3PS4", "Li3PS4")
    for n, kelvin in enumerate([333.15, 353.15, 373.15, 393.15]):
        factories.measurement(
            material,
            "ionic_conductivity",
            float(arrhenius(kelvin)),
            "S/cm",
            temperature=kelvin,
            ref=None,
            source_dataset=dataset,
            source_row=f"r{n}",
        )
    return material, dataset


def test_refit_stores_fits_and_derived_values_with_provenance(series):
    material, dataset = series
    assert fitting.refit_materials([material.pk]) == 2  # both models; VTF is kept but not preferred
    assert ConductivityFit.objects.get(material=material, model="vtf").is_preferred is False
    fit = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert (fit.source, fit.is_preferred, fit.n_points, fit.sigma_25c_extrapolated) == (dataset, True, 4, True)
    assert fit.activation_energy_ev == pytest.approx(0.30, rel=1e-6)
    assert sorted(fit.inputs.values_list("source_row", flat=True)) == ["r0", "r1", "r2", "r3"]
    derived = {m.property.key: m for m in Measurement.objects.filter(is_derived=True).select_related("property")}
    assert set(derived) == {"ionic_conductivity", "activation_energy"}
    sigma = derived["ionic_conductivity"]
    assert (sigma.derived_from_fit, sigma.source_dataset, sigma.reference, sigma.source_row) == (fit, dataset, None, "")
    assert (sigma.temperature_k, sigma.method, sigma.is_extrapolated) == (298.15, "fit", True)
    assert sigma.value == pytest.approx(arrhenius(298.15), rel=1e-6)
    assert sigma.notes == (
        "From the Arrhenius fit (4 points, 333-393 K, R² 1.000). "
        "Extrapolated 35 K below the lowest measured temperature."
    )
    assert derived["activation_energy"].value == pytest.approx(0.30, rel=1e-6)


def test_refit_twice_changes_nothing_and_new_inputs_recompute(series):
    material, dataset = series
    fitting.refit_materials([material.pk])
    first = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert fitting.refit_materials([material.pk]) == 0
    assert ConductivityFit.objects.get(material=material, model="arrhenius").pk == first.pk
    factories.measurement(
        material,
        "ionic_conductivity",
        float(arrhenius(298.15)),
        "S/cm",
        temperature=298.15,
        source_dataset=dataset,
        source_row="r4",
    )
    assert fitting.refit_materials([material.pk]) == 2
    fit = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert (fit.n_points, fit.sigma_25c_extrapolated) == (5, False)
    assert Measurement.objects.filter(is_derived=True, derived_from_fit=first.pk).count() == 0
    assert fit.is_preferred and not math.isnan(fit.r_squared)
