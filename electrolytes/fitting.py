"""Arrhenius and VTF fits of conductivity against temperature, stored as ConductivityFit rows and derived values.

Arrhenius fits log10(sigma*T) against 1/T, a straight line:

    sigma*T = A exp(-Ea / (k_B T))   =>   log10(sigma*T) = log10(A) - Ea / (k_B T ln 10)

We fit sigma*T rather than sigma because the hopping (Nernst-Einstein) picture of ionic conduction puts the
1/T in the prefactor; it is the form the model documents and the one papers on solid electrolytes report,
so the activation energies can be compared with theirs. (Over 50-100 K the two forms differ by a few meV.)

VTF (Vogel-Tammann-Fulcher), for polymers above their glass transition:

    sigma = A T^-1/2 exp(-B / (T - T0))

For a fixed T0 this is linear in ln A and B, so T0 is found by a bounded one-dimensional search
(T0 below the lowest measured temperature) with a linear least-squares fit inside. B k_B is reported as the
pseudo-activation energy in eV.

Both fits are scored on log10(sigma), so they can be compared. The model kept for a material and source is the
one with the lower small-sample Akaike criterion (AICc) on those residuals: VTF has a third parameter and, with
a T0 near zero, can mimic Arrhenius, so it must cut the residuals clearly (by about half with eight points)
to be preferred. VTF needs four distinct temperatures and, for a finite AICc, five points; Arrhenius three.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from electrolytes.bulk_copy import copy_create, copy_rows
from electrolytes.models import ConductivityFit, Measurement, PropertyDefinition, Reference
from electrolytes.units import ROOM_TEMPERATURE_K

BOLTZMANN_EV_PER_K = 8.617333262e-5
LN10 = math.log(10.0)
MIN_POINTS_ARRHENIUS = 3
MIN_POINTS_VTF = 4
# The quality verdict (fit_verdict): a fit below these is shown as poor and never gives a headline.
GOOD_R_SQUARED = 0.98
GOOD_POINTS = {"arrhenius": 3, "vtf": 5}
GOOD_RANGE_K = 20.0
T0_BOUND_MARGIN_K = 2.0
VTF_PSEUDO_ACTIVATION = "vtf_pseudo_activation_energy"


def model_log10_sigma(
    model: str, prefactor: float, activation_energy_ev: float, vtf_t0_k: float | None, temperature_k: float
) -> float:
    """log10 of the conductivity (S/cm) a fitted model predicts at ``temperature_k``.

    The one place the two models are written out (fits, derived values and charts use it):
    Arrhenius sigma = (A/T) exp(-Ea/(k_B T)); VTF sigma = A T^-1/2 exp(-B/(T - T0)), B = Ea/k_B.
    -inf where the model is undefined (T <= 0, T <= T0, or a non-positive prefactor).
    """
    if temperature_k <= 0 or prefactor <= 0:
        return -math.inf
    if model == ConductivityFit.Model.ARRHENIUS:
        return (
            math.log10(prefactor)
            - math.log10(temperature_k)
            - activation_energy_ev / (BOLTZMANN_EV_PER_K * temperature_k * LN10)
        )
    t0 = vtf_t0_k or 0.0
    if temperature_k <= t0:
        return -math.inf
    b_kelvin = activation_energy_ev / BOLTZMANN_EV_PER_K
    return math.log10(prefactor) - 0.5 * math.log10(temperature_k) - b_kelvin / ((temperature_k - t0) * LN10)


def fit_sigma(fit, temperature_k: float) -> float | None:
    """Conductivity in S/cm that a fit (anything with ``model``, ``prefactor``, ``activation_energy_ev`` and
    ``vtf_t0_k``: a stored ConductivityFit or a chart's FitLine) predicts at ``temperature_k``; None where the
    model is undefined."""
    log_sigma = model_log10_sigma(
        fit.model, fit.prefactor, fit.activation_energy_ev, fit.vtf_t0_k, float(temperature_k)
    )
    return 10.0**log_sigma if math.isfinite(log_sigma) else None


@dataclass(frozen=True)
class FitResult:
    model: str
    activation_energy_ev: float
    prefactor: float
    vtf_t0_k: float | None
    r_squared: float
    aicc: float
    t_min_k: float
    t_max_k: float
    n_points: int

    def log10_sigma(self, temperature_k: float) -> float:
        """log10 of the fitted conductivity (S/cm) at ``temperature_k``; -inf where VTF is undefined."""
        return model_log10_sigma(self.model, self.prefactor, self.activation_energy_ev, self.vtf_t0_k, temperature_k)

    @property
    def sigma_25c(self) -> float:
        return 10.0 ** self.log10_sigma(ROOM_TEMPERATURE_K)

    @property
    def extrapolated_by_k(self) -> float:
        """How far 25 °C lies outside the fitted range, in K (0 inside it)."""
        return max(self.t_min_k - ROOM_TEMPERATURE_K, ROOM_TEMPERATURE_K - self.t_max_k, 0.0)


def fit_verdict(fit: FitResult) -> tuple[str, str]:
    """(quality, why) of a fit: good, or poor with the reasons in words.

    Poor when it has too few points (Arrhenius 3, VTF 5), R² below 0.98, a fitted range under 20 K, or a VTF T0
    within 2 K of its search bounds (0 K or 1 K below the lowest temperature), where T0 is not really fitted.
    """
    reasons = []
    if fit.n_points < GOOD_POINTS[fit.model]:
        reasons.append(f"{fit.n_points} points (needs {GOOD_POINTS[fit.model]})")
    if fit.r_squared < GOOD_R_SQUARED:
        reasons.append(f"R² {fit.r_squared:.3f} < {GOOD_R_SQUARED}")
    if fit.t_max_k - fit.t_min_k < GOOD_RANGE_K:
        reasons.append(f"range {fit.t_max_k - fit.t_min_k:.0f} K < {GOOD_RANGE_K:.0f} K")
    if fit.vtf_t0_k is not None and (
        fit.vtf_t0_k <= T0_BOUND_MARGIN_K or fit.vtf_t0_k >= fit.t_min_k - 1.0 - T0_BOUND_MARGIN_K
    ):
        reasons.append(f"T0 {fit.vtf_t0_k:.0f} K at its bound")
    if reasons:
        return ConductivityFit.Quality.POOR, "Poor fit: " + "; ".join(reasons) + "."
    return ConductivityFit.Quality.GOOD, ""


def _scores(observed: np.ndarray, predicted: np.ndarray, n_params: int) -> tuple[float, float]:
    """R-squared and AICc of a fit, both on log10(sigma)."""
    residual = float(np.sum((observed - predicted) ** 2))
    total = float(np.sum((observed - observed.mean()) ** 2))
    r2 = 1.0 - residual / total if total > 0 else (1.0 if residual < 1e-20 else 0.0)
    n = len(observed)
    if n - n_params - 1 <= 0:
        return min(r2, 1.0), math.inf
    aicc = n * math.log(max(residual, 1e-30) / n) + 2 * n_params + 2 * n_params * (n_params + 1) / (n - n_params - 1)
    return min(r2, 1.0), aicc


def _line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the least-squares straight line through (x, y), in closed form: what
    ``np.polyfit(x, y, 1)`` gives, without its general solver (a VTF fit solves one such line per T0 it tries)."""
    dx = x - x.mean()
    slope = float(np.dot(dx, y - y.mean()) / np.dot(dx, dx))
    return slope, float(y.mean() - slope * x.mean())


def fit_arrhenius(temperatures_k: Iterable[float], sigmas: Iterable[float]) -> FitResult | None:
    """Least-squares Arrhenius fit of log10(sigma*T) on 1/T; None with fewer than three distinct temperatures."""
    t = np.asarray(list(temperatures_k), dtype=float)
    s = np.asarray(list(sigmas), dtype=float)
    if len(np.unique(t)) < MIN_POINTS_ARRHENIUS or np.any(s <= 0) or np.any(t <= 0):
        return None
    slope, intercept = _line(1.0 / t, np.log10(s * t))
    ea = -slope * BOLTZMANN_EV_PER_K * LN10
    predicted = intercept + slope / t - np.log10(t)
    r2, aicc = _scores(np.log10(s), predicted, 2)
    return FitResult(
        model=ConductivityFit.Model.ARRHENIUS,
        activation_energy_ev=float(ea),
        prefactor=float(10.0**intercept),
        vtf_t0_k=None,
        r_squared=r2,
        aicc=aicc,
        t_min_k=float(t.min()),
        t_max_k=float(t.max()),
        n_points=len(t),
    )


def _vtf_linear(t: np.ndarray, y: np.ndarray, t0: float) -> tuple[float, float, float]:
    """For a fixed T0: ln A, B and the sum of squared residuals of y = ln(sigma) + 0.5 ln(T)."""
    x = 1.0 / (t - t0)
    slope, intercept = _line(x, y)
    residual = float(np.sum((y - (intercept + slope * x)) ** 2))
    return float(intercept), float(-slope), residual


def fit_vtf(temperatures_k: Iterable[float], sigmas: Iterable[float]) -> FitResult | None:
    """VTF fit; None with fewer than four distinct temperatures or when no T0 gives a positive B."""
    t = np.asarray(list(temperatures_k), dtype=float)
    s = np.asarray(list(sigmas), dtype=float)
    if len(np.unique(t)) < MIN_POINTS_VTF or np.any(s <= 0) or np.any(t <= 0):
        return None
    y = np.log(s) + 0.5 * np.log(t)
    upper = float(t.min()) - 1.0
    if upper <= 0:
        return None
    search = minimize_scalar(
        lambda t0: _vtf_linear(t, y, t0)[2], bounds=(0.0, upper), method="bounded", options={"xatol": 1e-3}
    )
    t0 = float(search.x)
    ln_a, b, _ = _vtf_linear(t, y, t0)
    if not (b > 0 and math.isfinite(ln_a)):
        return None
    predicted = (ln_a - b / (t - t0) - 0.5 * np.log(t)) / LN10
    r2, aicc = _scores(np.log10(s), predicted, 3)
    return FitResult(
        model=ConductivityFit.Model.VTF,
        activation_energy_ev=float(b * BOLTZMANN_EV_PER_K),
        prefactor=float(math.exp(ln_a)),
        vtf_t0_k=t0,
        r_squared=r2,
        aicc=aicc,
        t_min_k=float(t.min()),
        t_max_k=float(t.max()),
        n_points=len(t),
    )


def fit_conductivity(temperatures_k: Iterable[float], sigmas: Iterable[float]) -> tuple[list[FitResult], int | None]:
    """Both fits that apply and the index of the preferred one (lower AICc; Arrhenius on a tie), or None.

    A VTF fit whose T0 lies at or above 25 °C cannot give a room-temperature value and is dropped.
    """
    t, s = list(temperatures_k), list(sigmas)
    fits = [
        fit
        for fit in (fit_arrhenius(t, s), fit_vtf(t, s))
        if fit is not None and math.isfinite(fit.log10_sigma(ROOM_TEMPERATURE_K)) and fit.prefactor > 0
    ]
    if not fits:
        return [], None
    best = min(range(len(fits)), key=lambda i: (fits[i].aicc, i))
    return fits, best


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def refit_materials(material_ids: Iterable[int]) -> int:
    """Recompute the fits of these materials from their measured conductivities; returns fits (re)written.

    One fit per material, source (the dataset, else the paper) and model, from the measured part with the most
    distinct temperatures. Fits whose inputs and results are unchanged are left alone, so refitting twice
    changes nothing; stale ones are replaced, together with their derived values.
    """
    ids = set(material_ids)
    if not ids:
        return 0
    conductivity = PropertyDefinition.objects.filter(key="ionic_conductivity").first()
    activation = PropertyDefinition.objects.filter(key="activation_energy").first()
    pseudo_activation = PropertyDefinition.objects.filter(key=VTF_PSEUDO_ACTIVATION).first()
    if conductivity is None:
        return 0
    groups: dict[tuple[int, int], dict[str, list[tuple[int, float, float]]]] = defaultdict(lambda: defaultdict(list))
    for pk, material_id, dataset_id, reference_id, part, temperature, value in Measurement.objects.filter(
        material_id__in=ids,
        property=conductivity,
        is_derived=False,
        flag="",
        qualifier=Measurement.Qualifier.EQUAL,
        temperature_k__isnull=False,
    ).values_list("id", "material_id", "source_dataset_id", "reference_id", "measured_part", "temperature_k", "value"):
        source_id = dataset_id or reference_id
        if source_id is not None:
            groups[(material_id, source_id)][part].append((pk, temperature, value))

    wanted: dict[tuple[int, int, str], tuple[FitResult, bool, list[int]]] = {}
    for key, parts in groups.items():
        points = max(parts.values(), key=lambda pts: (len({p[1] for p in pts}), len(pts)))
        fits, best = fit_conductivity([p[1] for p in points], [p[2] for p in points])
        for index, fit in enumerate(fits):
            wanted[(*key, fit.model)] = (fit, index == best, sorted(p[0] for p in points))

    stored = {
        (fit.material_id, fit.source_id, fit.model): fit for fit in ConductivityFit.objects.filter(material_id__in=ids)
    }
    through = ConductivityFit.inputs.through
    # The inputs as pairs of ids, not as measurements: a refit of many materials reads hundreds of thousands.
    stored_inputs: dict[int, list[int]] = defaultdict(list)
    if stored:
        for fit_id, measurement_id in through.objects.filter(
            conductivityfit__in=[f.pk for f in stored.values()]
        ).values_list("conductivityfit_id", "measurement_id"):
            stored_inputs[fit_id].append(measurement_id)
    stale = []
    for key, fit in stored.items():
        new = wanted.get(key)
        if new is None or not (
            new[1] == fit.is_preferred
            and fit_verdict(new[0])[0] == fit.quality
            and new[2] == sorted(stored_inputs.get(fit.pk, ()))
            and new[0].n_points == fit.n_points
            and all(
                _close(getattr(new[0], name), getattr(fit, name))
                for name in ("activation_energy_ev", "prefactor", "vtf_t0_k", "r_squared", "t_min_k", "t_max_k")
            )
        ):
            stale.append(fit.pk)
        else:
            wanted.pop(key)
    if stale:
        ConductivityFit.objects.filter(pk__in=stale).delete()
    if not wanted:
        return 0
    sources = Reference.objects.in_bulk({key[1] for key in wanted})
    rows = []
    for (material_id, source_id, _model), (fit, preferred, _inputs) in wanted.items():
        quality, quality_note = fit_verdict(fit)
        rows.append(
            ConductivityFit(
                material_id=material_id,
                source_id=source_id,
                model=fit.model,
                activation_energy_ev=fit.activation_energy_ev,
                prefactor=fit.prefactor,
                vtf_t0_k=fit.vtf_t0_k,
                sigma_25c=fit.sigma_25c,
                sigma_25c_extrapolated=fit.extrapolated_by_k > 0,
                r_squared=fit.r_squared,
                t_min_k=fit.t_min_k,
                t_max_k=fit.t_max_k,
                n_points=min(fit.n_points, 32767),
                is_preferred=preferred,
                quality=quality,
                quality_note=quality_note,
            )
        )
    created = ConductivityFit.objects.bulk_create(rows, batch_size=500)
    derived = []
    for row, (_fit, preferred, _inputs) in zip(created, wanted.values(), strict=True):
        if preferred:
            energy = pseudo_activation if row.model == ConductivityFit.Model.VTF else activation
            derived.extend(_derived_values(row, sources[row.source_id], conductivity, energy))
    # One link per fitted point: COPY, as pairs of ids (a large import links every conductivity it wrote).
    copy_rows(
        through._meta.db_table,
        ["conductivityfit_id", "measurement_id"],
        (
            (row.pk, pk)
            for row, (_fit, _preferred, inputs) in zip(created, wanted.values(), strict=True)
            for pk in inputs
        ),
        [str, str],
    )
    if derived:
        # COPY, as the importers write measurements: the same rows and history rows as bulk_create_with_history.
        copy_create(derived, Measurement, history=True)
    return len(created)


def _derived_values(
    fit: ConductivityFit,
    source: Reference,
    conductivity: PropertyDefinition,
    activation: PropertyDefinition | None,
) -> list[Measurement]:
    """The preferred fit's room-temperature conductivity and its energy, as derived measurements: the Arrhenius
    activation energy, or for a VTF fit the pseudo-activation energy B·k_B (``activation`` is that property)."""
    provenance = {"source_dataset": source} if source.kind == Reference.Kind.DATASET else {"reference": source}
    model = fit.get_model_display()
    span = f"{fit.n_points} points, {fit.t_min_k:.0f}-{fit.t_max_k:.0f} K, R² {fit.r_squared:.3f}"
    values = []
    outside = max(fit.t_min_k - ROOM_TEMPERATURE_K, ROOM_TEMPERATURE_K - fit.t_max_k, 0.0)
    note = f"From the {model} fit ({span})."
    if fit.quality_note:
        note += " " + fit.quality_note
    if outside > 0:
        side = "below the lowest" if fit.t_min_k > ROOM_TEMPERATURE_K else "above the highest"
        note += f" Extrapolated {outside:.0f} K {side} measured temperature."
    if conductivity.min_value <= fit.sigma_25c <= conductivity.max_value:
        values.append(
            Measurement(
                material_id=fit.material_id,
                property=conductivity,
                value=fit.sigma_25c,
                reported_value=f"{fit.sigma_25c:.3g}",
                reported_unit=conductivity.canonical_unit,
                temperature_k=ROOM_TEMPERATURE_K,
                method=Measurement.Method.FIT,
                is_extrapolated=outside > 0,
                is_derived=True,
                derived_from_fit=fit,
                notes=note,
                **provenance,
            )
        )
    if activation is not None and activation.min_value <= fit.activation_energy_ev <= activation.max_value:
        label = "VTF pseudo-activation energy B·k_B" if fit.model == ConductivityFit.Model.VTF else "Activation energy"
        values.append(
            Measurement(
                material_id=fit.material_id,
                property=activation,
                value=fit.activation_energy_ev,
                reported_value=f"{fit.activation_energy_ev:.3g}",
                reported_unit=activation.canonical_unit,
                method=Measurement.Method.FIT,
                is_derived=True,
                derived_from_fit=fit,
                notes=f"{label} from the {model} fit ({span}). {fit.quality_note}".strip(),
                **provenance,
            )
        )
    return values
