"""Plotly figures are pure functions of numbers."""

from __future__ import annotations

import math

import pytest

from electrolytes import charts

ARRHENIUS = charts.FitLine(
    label="fit", model="arrhenius", prefactor=1e3, activation_energy_ev=0.3, t_min_k=250.0, t_max_k=350.0
)
VTF = charts.FitLine(
    label="vtf", model="vtf", prefactor=5.0, activation_energy_ev=0.08, t_min_k=290.0, t_max_k=370.0, vtf_t0_k=200.0
)


def test_arrhenius_fit_follows_sigma_t_law():
    expected = 1e3 / 298.15 * math.exp(-0.3 / (charts.BOLTZMANN_EV_PER_K * 298.15))
    assert charts.fit_sigma(ARRHENIUS, 298.15) == pytest.approx(expected, rel=1e-12)
    assert charts.fit_sigma(ARRHENIUS, 298.15) == pytest.approx(2.848e-5, rel=1e-3)


def test_vtf_fit_uses_b_in_kelvin_from_the_stored_energy():
    b_kelvin = 0.08 / charts.BOLTZMANN_EV_PER_K  # ~928 K
    expected = 5.0 * 330.0**-0.5 * math.exp(-b_kelvin / (330.0 - 200.0))
    assert charts.fit_sigma(VTF, 330.0) == pytest.approx(expected, rel=1e-12)
    assert charts.fit_sigma(VTF, 200.0) is None  # at T0 the model is undefined


def test_fit_curve_spans_the_fitted_range_in_plot_units():
    xs, ys = charts.fit_curve(ARRHENIUS, n=3)
    assert xs == [4.0, 3.3333, 2.8571]
    assert ys[0] == pytest.approx(math.log10(charts.fit_sigma(ARRHENIUS, 250.0)), abs=1e-4)


def test_celsius_ticks_sit_at_inverse_kelvin_positions():
    values, labels = charts.celsius_ticks(2.6, 3.7)
    assert labels == ["0", "20", "40", "60", "80", "100"]
    assert values[1] == pytest.approx(1000 / 293.15, abs=1e-4)


def test_arrhenius_figure_has_points_lines_and_a_celsius_axis():
    series = [charts.ArrheniusSeries(name="paper", points=[(300.0, 1e-3), (350.0, 1e-2)], fits=[ARRHENIUS])]
    figure = charts.arrhenius_figure(series)
    kinds = [(trace.get("mode"), trace.get("xaxis", "x")) for trace in figure["data"]]
    assert kinds == [("markers", "x"), ("lines", "x"), ("markers", "x2")]
    assert figure["data"][0]["y"] == [-3.0, -2.0]
    assert figure["layout"]["xaxis2"]["overlaying"] == "x"
    assert figure["layout"]["xaxis2"]["ticktext"][0].lstrip("-").isdigit()


def test_arrhenius_figure_is_empty_without_data():
    assert charts.arrhenius_figure([charts.ArrheniusSeries(name="x", points=[(300.0, 0.0)])]) == {}


def test_ashby_figure_groups_by_class_and_drops_points_a_log_axis_cannot_show():
    points = [
        charts.ScatterPoint("A", "/materials/a/", "Sulfide", 0.3, 1e-3),
        charts.ScatterPoint("B", "/materials/b/", "Oxide", 0.4, 1e-4),
        charts.ScatterPoint("C", "/materials/c/", "Oxide", 0.5, 0.0),
    ]
    figure = charts.ashby_figure(
        points, x_title="Ea", y_title="σ", log_x=False, log_y=True, group_order=["Oxide", "Sulfide"]
    )
    assert [(t["name"], t["text"], t["customdata"]) for t in figure["data"]] == [
        ("Oxide", ["B"], ["/materials/b/"]),
        ("Sulfide", ["A"], ["/materials/a/"]),
    ]
    assert figure["layout"]["yaxis"]["type"] == "log"


def test_compare_bars_one_panel_per_property_with_values():
    panels = [
        charts.BarPanel("Ionic conductivity", "S/cm", [1e-3, 2e-4], log=True),
        charts.BarPanel("Shear modulus", "GPa", [None, None]),
        charts.BarPanel("Activation energy", "eV", [0.3, None]),
    ]
    figure = charts.compare_bars_figure(["A", "B"], panels)
    assert [(t["name"], t["yaxis"], t["y"]) for t in figure["data"]] == [
        ("A", "y", [1e-3]),
        ("B", "y", [2e-4]),
        ("A", "y2", [0.3]),
        ("B", "y2", [None]),
    ]
    assert figure["layout"]["yaxis"]["type"] == "log"
    # A decade below the smallest bar (2e-4 -> 1e-5) up to the decade above the largest (1e-3).
    assert figure["layout"]["yaxis"]["range"] == [-5, -3]
    assert "range" not in figure["layout"]["yaxis2"]
    assert [a["text"] for a in figure["layout"]["annotations"]] == [
        "<b>Ionic conductivity</b>",
        "<b>Activation energy</b>",
    ]


def test_histogram_of_log_conductivity_from_counts_per_bin():
    figure = charts.conductivity_histogram({-6: 1, -8: 2, -7: 0}, bin_width=0.5, window_label="20 °C to 30 °C")
    (trace,) = figure["data"]
    # One bar per non-empty bin, at its middle and one bin wide, as tall as its count; the axis spans the bins.
    assert (trace["type"], trace["x"], trace["y"], trace["width"]) == ("bar", [-3.75, -2.75], [2, 1], 0.5)
    assert figure["layout"]["xaxis"]["range"] == [-4.0, -2.5]
    assert charts.conductivity_histogram({}, bin_width=0.5, window_label="") == {}
