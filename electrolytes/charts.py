"""Plotly figures as pure functions: plain numbers in, a ``{"data": [...], "layout": {...}}`` dict out.

Nothing here touches the database; views pass values they already hold and hand the result to the
template with ``json_script``. static/js/charts.js draws every figure with the plotly bundle served
from static/vendor/.

Conductivity fits are drawn from their stored parameters:
  Arrhenius: sigma = (A / T) exp(-Ea / (k_B T))
  VTF:       sigma = A T^-1/2 exp(-B / (T - T0)), with B = Ea / k_B in K
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from electrolytes.fitting import (  # noqa: F401 (re-exported for callers)
    BOLTZMANN_EV_PER_K,
    fit_sigma,
    model_log10_sigma,
)

KELVIN_AT_ZERO_CELSIUS = 273.15

# Colour-blind-safe qualitative palette (Okabe and Ito), darkened where needed for contrast on white.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000", "#7a5195"]

_FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 13}


@dataclass(frozen=True)
class FitLine:
    """The stored parameters of one conductivity fit."""

    label: str
    model: str  # "arrhenius" or "vtf"
    prefactor: float
    activation_energy_ev: float
    t_min_k: float
    t_max_k: float
    vtf_t0_k: float | None = None
    preferred: bool = True

    @classmethod
    def from_fit(cls, fit, label: str = "") -> FitLine:
        return cls(
            label=label or f"{fit.get_model_display()} fit ({fit.source})",
            model=fit.model,
            prefactor=fit.prefactor,
            activation_energy_ev=fit.activation_energy_ev,
            t_min_k=fit.t_min_k,
            t_max_k=fit.t_max_k,
            vtf_t0_k=fit.vtf_t0_k,
            preferred=fit.is_preferred,
        )


@dataclass
class ArrheniusSeries:
    """Measured conductivities of one material (or one source) and the fits to draw with them."""

    name: str
    points: list[tuple[float, float]] = field(default_factory=list)  # (T in K, sigma in S/cm)
    fits: list[FitLine] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # hover text per point


def fit_curve(fit: FitLine, n: int = 40) -> tuple[list[float], list[float]]:
    """Points of the fitted line over its fitted range as (1000/T, log10 sigma)."""
    low, high = fit.t_min_k, fit.t_max_k
    temps = [low] if high <= low else [low + (high - low) * i / (n - 1) for i in range(n)]
    xs, ys = [], []
    for t in temps:
        sigma = fit_sigma(fit, t)
        if sigma is None or sigma <= 0:
            continue
        xs.append(_r(1000.0 / t))
        ys.append(_r(math.log10(sigma)))
    return xs, ys


def _r(value: float, digits: int = 5) -> float:
    return float(f"{value:.{digits}g}")


def _finite(values: Iterable[float]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def celsius_ticks(x_min: float, x_max: float) -> tuple[list[float], list[str]]:
    """Tick positions on a 1000/T axis (K⁻¹) for round °C temperatures inside [x_min, x_max]."""
    if x_max <= 0:
        return [], []
    t_high = 1000.0 / max(x_min, 1e-6) - KELVIN_AT_ZERO_CELSIUS
    t_low = 1000.0 / x_max - KELVIN_AT_ZERO_CELSIUS
    span = t_high - t_low
    step = next((s for s in (5, 10, 20, 25, 50, 100, 200, 250, 500) if span / s <= 8), 1000)
    first = math.ceil(t_low / step) * step
    values, labels = [], []
    celsius = first
    while celsius <= t_high + 1e-9:
        kelvin = celsius + KELVIN_AT_ZERO_CELSIUS
        if kelvin > 0:
            values.append(_r(1000.0 / kelvin))
            labels.append(f"{celsius:g}")
        celsius += step
    return values, labels


def _base_layout(**extra) -> dict:
    layout = {
        "font": _FONT,
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": -0.24, "yanchor": "top"},
    }
    layout.update(extra)
    return layout


def arrhenius_figure(series: Sequence[ArrheniusSeries], *, title: str = "") -> dict:
    """log10(sigma) against 1000/T with a second (top) axis in °C; fitted lines drawn from parameters."""
    data: list[dict] = []
    all_x: list[float] = []
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = [(t, s) for t, s in item.points if t and t > 0 and s and s > 0]
        if points:
            xs = [_r(1000.0 / t) for t, _ in points]
            ys = [_r(math.log10(s)) for _, s in points]
            all_x += xs
            hover = [
                f"{t - KELVIN_AT_ZERO_CELSIUS:.0f} °C, σ = {s:.3g} S/cm" + (f"<br>{label}" if label else "")
                for (t, s), label in zip(points, item.labels or [""] * len(points), strict=False)
            ]
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": item.name,
                    "legendgroup": item.name,
                    "x": xs,
                    "y": ys,
                    "text": hover,
                    "hovertemplate": "%{text}<extra>%{fullData.name}</extra>",
                    "marker": {"color": colour, "size": 8, "symbol": index % 10},
                }
            )
        for fit in item.fits:
            xs, ys = fit_curve(fit)
            if not xs:
                continue
            all_x += xs
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": fit.label,
                    "legendgroup": item.name,
                    "x": xs,
                    "y": ys,
                    "hovertemplate": f"{fit.label}<br>Ea = {fit.activation_energy_ev:.3g} eV<extra></extra>",
                    "line": {"color": colour, "width": 2, "dash": "solid" if fit.preferred else "dot"},
                }
            )
    if not all_x:
        return {}
    low, high = min(all_x), max(all_x)
    pad = max((high - low) * 0.05, 0.05)
    x_range = [_r(low - pad), _r(high + pad)]
    tickvals, ticktext = celsius_ticks(*x_range)
    # An invisible trace on the top axis makes plotly draw it; its range follows the bottom axis.
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": x_range,
            "y": [None, None],
            "xaxis": "x2",
            "showlegend": False,
            "hoverinfo": "skip",
            "marker": {"opacity": 0},
        }
    )
    layout = _base_layout(
        title={"text": title} if title else None,
        xaxis={"title": {"text": "1000 / T (K⁻¹)"}, "range": x_range, "zeroline": False, "gridcolor": "#e3e7eb"},
        xaxis2={
            "title": {"text": "Temperature (°C)"},
            "overlaying": "x",
            "side": "top",
            "matches": "x",
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "showgrid": False,
        },
        yaxis={"title": {"text": "log₁₀ σ (S/cm)"}, "zeroline": False, "gridcolor": "#e3e7eb"},
        margin={"l": 70, "r": 20, "t": 70 if not title else 100, "b": 110},
    )
    if not title:
        layout.pop("title")
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class BarPanel:
    """One property of the compare chart: its label, unit, scale and one value per material (or None)."""

    label: str
    unit: str
    values: list[float | None]
    log: bool = False
    # Per value: "" when it was measured at the requested temperature, else where it was ("at 25 °C"); such
    # bars are drawn hatched with that text on them, so a mismatch shows on the chart, not only in the table.
    mismatches: Sequence[str] = ()


def compare_bars_figure(material_names: Sequence[str], panels: Sequence[BarPanel]) -> dict:
    """Small multiples: one bar panel per key property, one bar (and colour) per material."""
    panels = [p for p in panels if any(v is not None for v in p.values)]
    if not panels or not material_names:
        return {}
    columns = min(3, len(panels))
    rows = math.ceil(len(panels) / columns)
    gap_x, gap_y = 0.08, 0.16
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * (rows - 1)) / rows
    data: list[dict] = []
    layout = _base_layout(showlegend=True, barmode="group", height=max(420, 280 * rows))
    annotations = []
    for index, panel in enumerate(panels):
        row, column = divmod(index, columns)
        suffix = "" if index == 0 else str(index + 1)
        x0 = column * (width + gap_x)
        y1 = 1 - row * (height + gap_y)
        layout[f"xaxis{suffix}"] = {
            "domain": [_r(x0, 4), _r(x0 + width, 4)],
            "anchor": f"y{suffix}",
            "showticklabels": False,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [_r(max(y1 - height, 0), 4), _r(y1, 4)],
            "anchor": f"x{suffix}",
            "type": "log" if panel.log else "linear",
            "title": {"text": panel.unit},
            "gridcolor": "#e3e7eb",
            "exponentformat": "power",
        }
        if panel.log:
            # Bars on a log axis start at its lower edge: reach a decade below the smallest value so
            # bar heights compare orders of magnitude instead of the last few per cent.
            positive = [v for v in panel.values if v is not None and v > 0]
            if positive:
                low, high = math.log10(min(positive)), math.log10(max(positive))
                low, high = round(low, 9), round(high, 9)  # log10(1e-3) is -2.9999999999999996
                layout[f"yaxis{suffix}"]["range"] = [math.floor(low) - 1, math.ceil(high)]
        annotations.append(
            {
                "text": f"<b>{panel.label}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": _r(x0 + width / 2, 4),
                "y": _r(y1, 4),
                "yanchor": "bottom",
                "showarrow": False,
            }
        )
        mismatches = list(panel.mismatches) or [""] * len(material_names)
        for m_index, (name, value, mismatch) in enumerate(zip(material_names, panel.values, mismatches, strict=True)):
            bar = {
                "type": "bar",
                "name": name,
                "legendgroup": name,
                "showlegend": index == 0,
                "x": [name],
                "y": [value],
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "marker": {"color": PALETTE[m_index % len(PALETTE)]},
                "hovertemplate": f"{name}: %{{y:.3g}} {panel.unit}<extra>{panel.label}</extra>",
            }
            if mismatch and value is not None:
                bar["marker"]["pattern"] = {"shape": "/", "fgcolor": "#ffffff", "solidity": 0.35}
                bar["text"] = [mismatch]
                bar["textposition"] = "inside"
                bar["insidetextanchor"] = "end"
                bar["textangle"] = -90
                bar["textfont"] = {"color": "#1b1f24", "size": 11}
                bar["hovertemplate"] = (
                    f"{name}: %{{y:.3g}} {panel.unit}, {mismatch} (not the requested temperature)"
                    f"<extra>{panel.label}</extra>"
                )
            data.append(bar)
    layout["annotations"] = annotations
    layout["margin"] = {"l": 70, "r": 20, "t": 40, "b": 40}
    layout["legend"] = {"orientation": "h", "y": -0.08, "yanchor": "top"}
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class ScatterPoint:
    name: str
    url: str
    group: str
    x: float
    y: float


# The explore map draws at most one point per cell of this grid laid over the plotted ranges (in log10 on a log
# axis). A cell is narrower than a marker, so the picture is the same while the page stays small with 100,000
# materials: at most 8,400 points.
SCATTER_GRID = (120, 70)


def plottable(points: Sequence, *, log_x: bool, log_y: bool) -> list:
    """The points (anything with ``x`` and ``y``) that can be placed: finite, and positive on a log axis."""
    return [p for p in points if _placeable(p.x, log=log_x) and _placeable(p.y, log=log_y)]


def _placeable(value: float | None, *, log: bool) -> bool:
    return value is not None and math.isfinite(value) and (not log or value > 0)


def thin_scatter(points: Sequence, *, log_x: bool, log_y: bool, grid: tuple[int, int] = SCATTER_GRID) -> list:
    """The first of ``points`` (plottable, in drawing order) in each cell of ``grid`` over their ranges:
    points that would cover the same spot of the chart are drawn once."""
    if len(points) <= grid[0] * grid[1] // 4:
        return list(points)  # few enough to draw them all
    xs = [math.log10(p.x) if log_x else p.x for p in points]
    ys = [math.log10(p.y) if log_y else p.y for p in points]
    x_low, y_low = min(xs), min(ys)
    x_step = (max(xs) - x_low) / grid[0] or 1.0
    y_step = (max(ys) - y_low) / grid[1] or 1.0
    seen: set[tuple[int, int]] = set()
    kept = []
    for point, x, y in zip(points, xs, ys, strict=True):
        cell = (int((x - x_low) / x_step), int((y - y_low) / y_step))
        if cell not in seen:
            seen.add(cell)
            kept.append(point)
    return kept


def ashby_figure(
    points: Sequence[ScatterPoint],
    *,
    x_title: str,
    y_title: str,
    log_x: bool,
    log_y: bool,
    group_order: Sequence[str] = (),
    x_hover: str = "x",
    y_hover: str = "y",
    highlight: str = "",
) -> dict:
    """Property-against-property scatter, one trace (colour) per electrolyte class; customdata holds page URLs.

    ``x_hover``/``y_hover`` name each axis in the hover box (property, and where its value comes from:
    "Ionic conductivity, nearest 60 °C within 55 °C to 65 °C"); the unit follows from ``x_unit``/``y_unit``
    inside them. The per-point payload stays the name, the URL and the two numbers, whatever the hover says.
    A ``highlight`` group is drawn last and full strength, the others faded."""
    valid = plottable(points, log_x=log_x, log_y=log_y)
    if not valid:
        return {}
    groups = list(dict.fromkeys([*group_order, *(p.group for p in valid)]))
    x_text, y_text = _hover_escape(x_hover), _hover_escape(y_hover)
    data = []
    for index, group in enumerate(groups):
        members = [p for p in valid if p.group == group]
        if not members:
            continue
        faded = bool(highlight) and group != highlight
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": group,
                "x": [_r(p.x) for p in members],
                "y": [_r(p.y) for p in members],
                "text": [p.name for p in members],
                "customdata": [p.url for p in members],
                "hovertemplate": f"<b>%{{text}}</b><br>{_hover_escape(group)}<br>{x_text}: %{{x:.3g}}"
                f"<br>{y_text}: %{{y:.3g}}<extra></extra>",
                "marker": {
                    "color": PALETTE[index % len(PALETTE)],
                    "size": 9 if not highlight or faded else 11,
                    "opacity": 0.18 if faded else 0.85,
                },
            }
        )
    if highlight:
        # Drawn last, so the highlighted class sits on top of the faded ones.
        data.sort(key=lambda trace: trace["name"] == highlight)
    layout = _base_layout(
        xaxis={"title": {"text": x_title}, "type": "log" if log_x else "linear", "exponentformat": "power"},
        yaxis={"title": {"text": y_title}, "type": "log" if log_y else "linear", "exponentformat": "power"},
        height=520,
    )
    return {"data": data, "layout": layout}


def _hover_escape(text: str) -> str:
    """Literal text inside a plotly hovertemplate: HTML-escaped, and no "%{" read as a placeholder."""
    return html.escape(text).replace("%{", "% {")


def conductivity_histogram(counts: dict[int, int], *, bin_width: float, window_label: str) -> dict:
    """Distribution of log10(sigma) of a class's materials, counted beforehand: ``counts[k]`` materials have
    ``k * bin_width <= log10(sigma) < (k + 1) * bin_width``. Drawn as bars one bin wide at the bins' middles
    (the database did the binning, so plotly's basic bundle, without histogram traces, draws it)."""
    counts = {k: n for k, n in sorted(counts.items()) if n > 0}
    if not counts:
        return {}
    first, last = min(counts), max(counts)
    data = [
        {
            "type": "bar",
            "x": [_r((k + 0.5) * bin_width) for k in counts],
            "y": list(counts.values()),
            "width": bin_width,
            "name": "Materials",
            "marker": {"color": PALETTE[0], "line": {"color": "#ffffff", "width": 1}},
            "hovertemplate": "log₁₀ σ %{x}<br>%{y} materials<extra></extra>",
        }
    ]
    layout = _base_layout(
        xaxis={
            "title": {"text": f"log₁₀ σ (S/cm), {window_label}"},
            "dtick": 1,
            "range": [_r(first * bin_width), _r((last + 1) * bin_width)],
        },
        yaxis={"title": {"text": "Materials"}, "rangemode": "tozero"},
        bargap=0.05,
        height=340,
        showlegend=False,
    )
    return {"data": data, "layout": layout}
