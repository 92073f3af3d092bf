"""Screening: which electrolyte class and which materials suit a given cell.

The rule, in one place:

* **Classes.** Each requirement of the cell touches some criteria of the class matrix
  (``REQUIREMENT_CRITERIA``, written once as data). A class's verdict lists, per touched criterion,
  the matrix rating, why the criterion matters for this cell, the matrix explanation and its
  references. A criterion the cell makes *decisive* on which the class is rated -2 rules the class
  out, with that reason. Classes are ordered: not ruled out first, then those the matrix rates on at
  least one touched criterion, then by the sum of their ratings on the touched criteria, then in
  matrix order.
* **Materials.** Each requirement with data behind it becomes a check (``pass``, ``fail`` or
  ``unknown``) with the value used, its source and the rule in words. A check without data is
  ``unknown``, never a pass. Flagged values are never used: window limits and room-temperature
  conductivity are the stored headlines (electrolytes.evidence); other values are the unflagged
  measurements, the least favourable one deciding. A window limit reported only as a bound ("> 7 V",
  "< 0.5 V") never makes a headline, but it settles a check when the bound alone decides it (a
  lower bound on the oxidation limit at or above the cathode's voltage passes); a bound that does
  not decide leaves the check ``unknown`` and says so. Materials are ranked by the number of checks
  passed, then by conductivity at the operating temperature.

Everything here is pure: the selector (electrolytes.selectors.screening) reads the database and
hands plain values in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from electrolytes import units

# --- The cell's requirements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Electrode:
    name: str
    low_v: float  # the lowest potential it reaches in use, V vs Li/Li+
    high_v: float


# Working potentials vs Li/Li+. Lithium metal is the reference itself (0 V). Fully lithiated graphite
# (LiC6) sits 30-35 mV above lithium (Basu, J. Power Sources 81-82 (1999) 200-206, abstract), so 0.035 V is
# the lowest potential an electrolyte meets at a graphite anode. Silicon works below 0.5 V; the
# 0.2-0.4 V range over which it lithiates is the commonly quoted one, not checked against a primary
# source here. Li4Ti5O12 inserts lithium at about 1.5 V (e-lyte-innovations.de, "Lithium titanate
# anodes"), 1.55 V being the commonly quoted plateau. The reduction check compares a material with the
# lowest of them.
ANODES: dict[str, Electrode] = {
    "lithium-metal": Electrode("Lithium metal", 0.0, 0.0),
    "graphite": Electrode("Graphite", 0.035, 0.035),
    "silicon": Electrode("Silicon", 0.2, 0.4),
    "lto": Electrode("Li4Ti5O12 (LTO)", 1.55, 1.55),
}
ATMOSPHERES = {"ambient-air": "Ambient air", "dry-room": "Dry room", "glovebox": "Glovebox (inert gas)"}
# Lowest moisture_stability level (fixtures/00_properties.json scale, 1-5) that survives processing in each
# atmosphere: level 4 is "stable in ambient air for days", level 3 "tolerates dry-room air". A glovebox
# asks nothing of the material.
MOISTURE_LEVEL_NEEDED = {"ambient-air": 4, "dry-room": 3}
# lithium_metal_stability scale: 1 reacts continuously, 2 forms a self-limiting passivating interphase,
# 3 stable. Both 2 and 3 are workable with a lithium-metal anode (the matrix criterion accepts a
# passivating interphase).
LITHIUM_STABILITY_NEEDED = 2

HIGH_VOLTAGE_V = 4.0  # "4 V class" oxide cathodes, as the matrix criterion words it
UNHEATED_MAX_K = 313.15  # up to 40 °C the cell is not heated: it runs at room temperature
HOT_MIN_K = 323.15  # from 50 °C on, the heat itself becomes a safety concern
THIN_MEMBRANE_UM = 100.0  # the matrix criterion's "below about 50-100 um"


@dataclass(frozen=True)
class Requirements:
    """The cell, as the page or the API understood it. Temperatures in K, thickness in µm, V vs Li/Li+."""

    anode: str | None = None
    cathode_voltage: float | None = None
    operating_temperature: float | None = None
    atmosphere: str | None = None
    max_processing_temperature: float | None = None
    max_thickness: float | None = None
    existing_cell_line: bool | None = None
    min_conductivity: float | None = None

    def as_api(self) -> dict:
        def entry(value, unit):
            return {"value": value, "unit": unit}

        return {
            "anode": {"value": self.anode, "potential": ANODES[self.anode].low_v if self.anode else None, "unit": "V"},
            "cathode_voltage": entry(self.cathode_voltage, "V"),
            "operating_temperature": entry(self.operating_temperature, "K"),
            "atmosphere": {"value": self.atmosphere},
            "max_processing_temperature": entry(self.max_processing_temperature, "K"),
            "max_thickness": entry(self.max_thickness, "um"),
            "existing_cell_line": {"value": self.existing_cell_line},
            "min_conductivity": entry(self.min_conductivity, "S/cm"),
        }


# --- Requirements -> matrix criteria (the data) ------------------------------------------------------


@dataclass(frozen=True)
class Touch:
    criterion: str  # Criterion.slug
    why: str
    decisive: bool


# (requirement, case) -> the criteria it touches. ``requirement_cases`` decides the case of a value.
REQUIREMENT_CRITERIA: dict[tuple[str, str], tuple[Touch, ...]] = {
    ("anode", "lithium-metal"): (
        Touch("li-metal-compatibility", "The electrolyte touches lithium metal, which reduces almost anything.", True),
        Touch("dendrite-suppression", "Lithium plated on a metal anode grows filaments that short the cell.", True),
    ),
    ("anode", "graphite"): (
        Touch(
            "electrochemical-window",
            "Lithiated graphite sits 0.035 V above lithium: the electrolyte must resist reduction there or passivate.",
            False,
        ),
    ),
    ("anode", "silicon"): (
        Touch(
            "interfacial-contact",
            "Silicon swells and shrinks by a large fraction on every cycle: contact suffers.",
            False,
        ),
        Touch("electrochemical-window", "Silicon works at 0.2-0.4 V, low enough to reduce many electrolytes.", False),
    ),
    ("anode", "lto"): (
        Touch(
            "electrochemical-window",
            "LTO works at 1.55 V: only the window's lower end down to that potential matters.",
            False,
        ),
    ),
    ("cathode_voltage", "high"): (
        Touch(
            "high-voltage-cathode-compatibility",
            "A cathode above 4 V oxidises electrolytes that are not stable at its potential.",
            True,
        ),
        Touch("electrochemical-window", "The window's upper end must reach the cathode's potential.", False),
    ),
    ("cathode_voltage", "moderate"): (
        Touch("electrochemical-window", "A cathode at or below 4 V asks little of the window's upper end.", False),
    ),
    ("operating_temperature", "unheated"): (
        Touch(
            "ionic-conductivity", "The cell is not heated, so the electrolyte must conduct at room temperature.", True
        ),
    ),
    ("operating_temperature", "heated"): (
        Touch(
            "ionic-conductivity",
            "Heating the cell raises conductivity; the material checks use its temperature.",
            False,
        ),
    ),
    ("operating_temperature", "hot"): (
        Touch(
            "ionic-conductivity",
            "Heating the cell raises conductivity; the material checks use its temperature.",
            False,
        ),
        Touch("thermal-stability-safety", "A cell run at 50 °C or above needs an electrolyte stable when warm.", False),
    ),
    ("atmosphere", "ambient-air"): (
        Touch("moisture-air-stability", "Processing in ambient air exposes the electrolyte to humidity.", True),
    ),
    ("atmosphere", "dry-room"): (
        Touch(
            "moisture-air-stability", "A dry room still holds traces of moisture that some electrolytes take up.", False
        ),
    ),
    ("atmosphere", "glovebox"): (),  # inert gas: moisture is no constraint
    ("max_processing_temperature", "limited"): (
        Touch(
            "manufacturing-compatibility",
            "A capped process temperature excludes high-temperature sintering; the material checks test each route.",
            False,
        ),
    ),
    ("max_thickness", "thin"): (
        Touch("thin-membrane-processability", "The separator layer must be made 100 µm thick or thinner.", True),
    ),
    ("max_thickness", "thick"): (
        Touch(
            "thin-membrane-processability", "A thickness limit above 100 µm still favours easily cast layers.", False
        ),
    ),
    ("existing_cell_line", "yes"): (
        Touch(
            "manufacturing-compatibility",
            "The cell must be built on today's Li-ion line: coating, stacking, injection, sealing, formation.",
            True,
        ),
    ),
    ("existing_cell_line", "no"): (),  # new equipment is allowed: no constraint
    ("min_conductivity", "set"): (
        Touch("ionic-conductivity", "A minimum conductivity is asked for at the operating temperature.", False),
    ),
}


def requirement_cases(requirements: Requirements) -> list[tuple[str, str]]:
    """The (requirement, case) keys of REQUIREMENT_CRITERIA that this cell's values fall in."""
    cases = []
    if requirements.anode:
        cases.append(("anode", requirements.anode))
    if requirements.cathode_voltage is not None:
        cases.append(("cathode_voltage", "high" if requirements.cathode_voltage > HIGH_VOLTAGE_V else "moderate"))
    if requirements.operating_temperature is not None:
        t = requirements.operating_temperature
        cases.append(
            ("operating_temperature", "unheated" if t <= UNHEATED_MAX_K else "hot" if t >= HOT_MIN_K else "heated")
        )
    if requirements.atmosphere:
        cases.append(("atmosphere", requirements.atmosphere))
    if requirements.max_processing_temperature is not None:
        cases.append(("max_processing_temperature", "limited"))
    if requirements.max_thickness is not None:
        cases.append(("max_thickness", "thin" if requirements.max_thickness <= THIN_MEMBRANE_UM else "thick"))
    if requirements.existing_cell_line is not None:
        cases.append(("existing_cell_line", "yes" if requirements.existing_cell_line else "no"))
    if requirements.min_conductivity is not None:
        cases.append(("min_conductivity", "set"))
    return cases


@dataclass
class TouchedCriterion:
    criterion: str
    why: list[str]
    decisive: bool


def touched_criteria(requirements: Requirements) -> list[TouchedCriterion]:
    """Each criterion the cell touches once, with every reason and decisive when any requirement makes it so."""
    merged: dict[str, TouchedCriterion] = {}
    for case in requirement_cases(requirements):
        for touch in REQUIREMENT_CRITERIA[case]:
            entry = merged.setdefault(touch.criterion, TouchedCriterion(touch.criterion, [], False))
            if touch.why not in entry.why:
                entry.why.append(touch.why)
            entry.decisive = entry.decisive or touch.decisive
    return list(merged.values())


# --- Class verdicts ---------------------------------------------------------------------------------

RULED_OUT_RATING = -2


@dataclass(frozen=True)
class Assessment:
    """One matrix cell, as the selector hands it in."""

    rating: int
    explanation: str
    references: tuple[tuple[str, str], ...] = ()  # (key, label)


@dataclass
class CriterionVerdict:
    criterion: str
    criterion_name: str
    rating: int | None  # None: the matrix does not rate this class on it
    why: list[str]
    decisive: bool
    explanation: str
    references: tuple[tuple[str, str], ...]


@dataclass
class ClassVerdict:
    slug: str
    name: str
    criteria: list[CriterionVerdict]
    ruled_out: bool
    reasons: list[str]  # why it is ruled out, one per decisive -2
    score: int  # sum of the known ratings on the touched criteria
    unrated: int  # touched criteria the matrix leaves blank for this class


def class_verdicts(
    requirements: Requirements,
    classes: Sequence[tuple[str, str]],
    criterion_names: dict[str, str],
    matrix: dict[tuple[str, str], Assessment],
) -> list[ClassVerdict]:
    """Verdicts of ``classes`` [(slug, name)] in matrix order from ``matrix`` {(class slug, criterion slug)}."""
    touched = [t for t in touched_criteria(requirements) if t.criterion in criterion_names]
    verdicts = []
    for position, (slug, name) in enumerate(classes):
        rows, reasons = [], []
        for touch in touched:
            cell = matrix.get((slug, touch.criterion))
            rows.append(
                CriterionVerdict(
                    criterion=touch.criterion,
                    criterion_name=criterion_names[touch.criterion],
                    rating=cell.rating if cell else None,
                    why=touch.why,
                    decisive=touch.decisive,
                    explanation=cell.explanation if cell else "",
                    references=cell.references if cell else (),
                )
            )
            if cell and touch.decisive and cell.rating <= RULED_OUT_RATING:
                reasons.append(
                    f"{name} is rated {cell.rating:+d} on {criterion_names[touch.criterion]}, "
                    f"which this cell makes decisive: {' '.join(touch.why)}"
                )
        known = [row.rating for row in rows if row.rating is not None]
        verdicts.append(
            (
                position,
                ClassVerdict(
                    slug=slug,
                    name=name,
                    criteria=rows,
                    ruled_out=bool(reasons),
                    reasons=reasons,
                    score=sum(known),
                    unrated=len(rows) - len(known),
                ),
            )
        )
    # A class the matrix does not rate on any touched criterion cannot lead: it follows the rated ones.
    verdicts.sort(key=lambda pv: (pv[1].ruled_out, _unassessed(pv[1]), -pv[1].score, pv[0]))
    return [v for _, v in verdicts]


def _unassessed(verdict: ClassVerdict) -> bool:
    return bool(verdict.criteria) and verdict.unrated == len(verdict.criteria)


# --- Material checks --------------------------------------------------------------------------------

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    status: str  # pass, fail or unknown
    rule: str
    value: float | None = None
    unit: str = ""
    temperature_k: float | None = None
    source: str = ""
    note: str = ""
    qualifier: str = ""  # "=" for a value, ">" or "<" for a bound, "" without a value

    def as_api(self) -> dict:
        return {
            "status": self.status,
            "qualifier": self.qualifier,
            "value": self.value,
            "unit": self.unit,
            "temperature": self.temperature_k,
            "source": self.source,
            "rule": self.rule,
            "note": self.note,
        }


@dataclass(frozen=True)
class Value:
    """A value for a check, with where it came from."""

    value: float
    source: str
    temperature_k: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Bound:
    """A window limit reported only as a bound: the limit lies above (``>``) or below (``<``) ``value``."""

    qualifier: str  # ">" or "<"
    value: float
    source: str
    note: str = ""


CHECK_LABELS = {
    "conductivity": "Conductivity",
    "oxidation": "Oxidation limit",
    "reduction": "Reduction limit",
    "moisture": "Moisture stability",
    "processing_temperature": "Processing temperature",
    "thickness": "Film thickness",
    "lithium_metal": "Stability against Li metal",
}


def _check(key: str, status: str, rule: str, found: Value | None = None, *, unit: str = "", note: str = "") -> Check:
    return Check(
        key=key,
        label=CHECK_LABELS[key],
        status=status,
        rule=rule,
        value=found.value if found else None,
        unit=unit,
        temperature_k=found.temperature_k if found else None,
        source=found.source if found else "",
        note=note or (found.note if found else "No value in the knowledge base."),
        qualifier="=" if found else "",
    )


BOUND_WORDS = {">": "above", "<": "below"}


def _from_bounds(key: str, rule: str, bounds: Iterable[Bound], threshold: float, *, needs: str) -> Check:
    """A window check decided by bounds alone. ``needs`` is ">" when the limit must reach at least
    ``threshold`` (oxidation) and "<" when it must stay at or below it (reduction).

    A bound on the favourable side of the threshold proves a pass (a limit above 7 V is above 4.3 V); one
    on the other side proves a fail. A fail wins over a pass (the least favourable report decides); the
    most telling bound of the deciding kind is shown. Bounds that prove neither leave the check unknown,
    with the bound named in the note."""
    bounds = sorted(bounds, key=lambda b: (b.value, b.source))
    if not bounds:
        return _check(key, UNKNOWN, rule, unit="V")
    # Compare with a little slack, as check_reduction does, so that "< 0.0" meets lithium's 0 V exactly.
    proves_pass = [b for b in bounds if b.qualifier == needs and _on_side(b.value, threshold, needs)]
    against = "<" if needs == ">" else ">"
    proves_fail = [b for b in bounds if b.qualifier == against and _on_side(b.value, threshold, against)]
    if proves_fail:
        shown = proves_fail[0] if against == "<" else proves_fail[-1]
        status, verdict = FAIL, "which already misses"
    elif proves_pass:
        shown = proves_pass[-1] if needs == ">" else proves_pass[0]
        status, verdict = PASS, "which already clears"
    else:
        favourable = [b for b in bounds if b.qualifier == needs]
        if favourable:
            shown = favourable[-1] if needs == ">" else favourable[0]
        else:
            shown = bounds[0] if against == "<" else bounds[-1]
        status, verdict = UNKNOWN, "which does not settle it against"
    note = (
        f"Reported only as {BOUND_WORDS[shown.qualifier]} {shown.value:g} V (a bound, not a value), "
        f"{verdict} {threshold:g} V."
    )
    if shown.note:
        note = f"{note} {shown.note}."
    return Check(
        key=key,
        label=CHECK_LABELS[key],
        status=status,
        rule=rule,
        value=shown.value,
        unit="V",
        source=shown.source,
        note=note,
        qualifier=shown.qualifier,
    )


def _on_side(value: float, threshold: float, side: str) -> bool:
    return value >= threshold - 1e-9 if side == ">" else value <= threshold + 1e-9


def check_conductivity(found: Value | None, minimum: float) -> Check:
    rule = f"σ at the operating temperature ≥ {minimum:g} S/cm"
    if found is None:
        return _check("conductivity", UNKNOWN, rule, unit="S/cm")
    return _check("conductivity", PASS if found.value >= minimum else FAIL, rule, found, unit="S/cm")


def check_oxidation(found: Value | None, cathode_voltage: float, bounds: Iterable[Bound] = ()) -> Check:
    rule = f"oxidation limit ≥ cathode voltage {cathode_voltage:g} V vs Li/Li+"
    if found is None:
        return _from_bounds("oxidation", rule, bounds, cathode_voltage, needs=">")
    return _check("oxidation", PASS if found.value >= cathode_voltage else FAIL, rule, found, unit="V")


def check_reduction(found: Value | None, anode: str, bounds: Iterable[Bound] = ()) -> Check:
    electrode = ANODES[anode]
    rule = f"reduction limit ≤ {electrode.name} potential {electrode.low_v:g} V vs Li/Li+"
    if found is None:
        return _from_bounds("reduction", rule, bounds, electrode.low_v, needs="<")
    return _check("reduction", PASS if found.value <= electrode.low_v + 1e-9 else FAIL, rule, found, unit="V")


def _least(values: Iterable[Value]) -> Value | None:
    """The least favourable (lowest) value: a check never rests on the kindest report."""
    return min(values, key=lambda v: (v.value, v.source), default=None)


def check_moisture(levels: Iterable[Value], atmosphere: str) -> Check:
    needed = MOISTURE_LEVEL_NEEDED[atmosphere]
    rule = f"moisture-stability level ≥ {needed} for {ATMOSPHERES[atmosphere].lower()} (lowest reported level counts)"
    found = _least(levels)
    if found is None:
        return _check("moisture", UNKNOWN, rule, unit="level")
    return _check("moisture", PASS if found.value >= needed else FAIL, rule, found, unit="level")


def check_lithium_metal(levels: Iterable[Value]) -> Check:
    rule = (
        f"Li-metal stability level ≥ {LITHIUM_STABILITY_NEEDED} (stable, or a self-limiting passivating interphase; "
        "lowest reported level counts)"
    )
    found = _least(levels)
    if found is None:
        return _check("lithium_metal", UNKNOWN, rule, unit="level")
    return _check("lithium_metal", PASS if found.value >= LITHIUM_STABILITY_NEEDED else FAIL, rule, found, unit="level")


def check_processing_temperature(route_peaks: Iterable[Value], max_k: float) -> Check:
    """Pass when at least one route of the material stays at or below the limit (one way to make it suffices)."""
    rule = f"a processing route with peak temperature ≤ {max_k:g} K"
    peaks = list(route_peaks)
    if not peaks:
        return _check("processing_temperature", UNKNOWN, rule, unit="K", note="No route with a peak temperature.")
    coolest = min(peaks, key=lambda v: (v.value, v.source))
    return _check("processing_temperature", PASS if coolest.value <= max_k else FAIL, rule, coolest, unit="K")


def check_thickness(films: Iterable[Value], max_um: float) -> Check:
    """Pass when a film at most ``max_um`` thick has been reported."""
    rule = f"a reported film ≤ {max_um:g} µm thick"
    thinnest = _least(films)
    if thinnest is None:
        return _check("thickness", UNKNOWN, rule, unit="um")
    return _check("thickness", PASS if thinnest.value <= max_um else FAIL, rule, thinnest, unit="um")


@dataclass(frozen=True)
class FitInput:
    """A material's preferred conductivity fit, as the selector hands it in."""

    sigma: float | None  # the fit's value at the operating temperature
    t_min_k: float
    t_max_k: float
    good: bool
    label: str
    source: str


FIT_RANGE_TOLERANCE_K = 0.5


def conductivity_at(
    temperature_k: float | None, *, headline: Value | None, fit: FitInput | None, nearest: Value | None
) -> Value | None:
    """Conductivity at the operating temperature: the room-temperature headline (the evidence rule) when the cell
    runs at room temperature or no temperature is given; else the preferred fit when it is good and the temperature
    lies inside its fitted range; else the measured value nearest that temperature, saying at which."""
    if temperature_k is None or units.ROOM_TEMPERATURE_MIN_K <= temperature_k <= units.ROOM_TEMPERATURE_MAX_K:
        if headline is None:
            return None
        return Value(headline.value, headline.source, headline.temperature_k, "Room-temperature headline value.")
    if (
        fit is not None
        and fit.good
        and fit.sigma is not None
        and fit.t_min_k - FIT_RANGE_TOLERANCE_K <= temperature_k <= fit.t_max_k + FIT_RANGE_TOLERANCE_K
    ):
        return Value(
            fit.sigma,
            fit.source,
            temperature_k,
            f"From the preferred {fit.label} fit (fitted over {fit.t_min_k:g}-{fit.t_max_k:g} K).",
        )
    if nearest is None:
        return None
    return Value(
        nearest.value, nearest.source, nearest.temperature_k, f"Nearest measurement, at {nearest.temperature_k:g} K."
    )


@dataclass(frozen=True)
class MaterialData:
    """What the selector read for one material (unflagged values only)."""

    headline_conductivity: Value | None = None
    fit: FitInput | None = None
    nearest_conductivity: Value | None = None
    oxidation: Value | None = None
    reduction: Value | None = None
    oxidation_bounds: tuple[Bound, ...] = ()  # used only when there is no oxidation value
    reduction_bounds: tuple[Bound, ...] = ()
    moisture: tuple[Value, ...] = ()
    lithium_metal: tuple[Value, ...] = ()
    route_peaks: tuple[Value, ...] = ()
    films: tuple[Value, ...] = ()


@dataclass
class MaterialChecks:
    conductivity: Value | None
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(c.status == PASS for c in self.checks)

    @property
    def failed(self) -> int:
        return sum(c.status == FAIL for c in self.checks)

    @property
    def unknown(self) -> int:
        return sum(c.status == UNKNOWN for c in self.checks)


def check_material(requirements: Requirements, data: MaterialData) -> MaterialChecks:
    """Every check the cell asks for, in a fixed order."""
    r = requirements
    sigma = conductivity_at(
        r.operating_temperature, headline=data.headline_conductivity, fit=data.fit, nearest=data.nearest_conductivity
    )
    checks = []
    if r.min_conductivity is not None:
        checks.append(check_conductivity(sigma, r.min_conductivity))
    if r.cathode_voltage is not None:
        checks.append(check_oxidation(data.oxidation, r.cathode_voltage, data.oxidation_bounds))
    if r.anode:
        checks.append(check_reduction(data.reduction, r.anode, data.reduction_bounds))
    if r.anode == "lithium-metal":
        checks.append(check_lithium_metal(data.lithium_metal))
    if r.atmosphere in MOISTURE_LEVEL_NEEDED:
        checks.append(check_moisture(data.moisture, r.atmosphere))
    if r.max_processing_temperature is not None:
        checks.append(check_processing_temperature(data.route_peaks, r.max_processing_temperature))
    if r.max_thickness is not None:
        checks.append(check_thickness(data.films, r.max_thickness))
    return MaterialChecks(conductivity=sigma, checks=checks)


def rank_key(result: MaterialChecks, name: str) -> tuple:
    """Most checks passed first, then the higher conductivity (none last), then by name."""
    sigma = result.conductivity.value if result.conductivity else None
    return (-result.passed, -(math.log10(sigma)) if sigma and sigma > 0 else math.inf, name)
