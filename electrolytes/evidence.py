"""The headline value of a property for a material: the one rule every page, the API, the CSV and OPTIMADE show.

For the room-temperature ionic conductivity:

1. Candidates are the unflagged values measured at 293-303 K (qualifier ``=`` or ``~``; bounds such as
   ``<1e-8`` are not values) and the 25 °C value of every good fit (see fitting.fit_verdict) whose
   fitted range contains 25 °C. A good fit outside its range counts as extrapolated. Poor fits never count.
2. Only the best tier present is used: total (or unspecified) before bulk before grain boundary, then
   measured (or interpolated by a fit) before computed (DFT or MD) before extrapolated.
3. One vote per paper: the values of one reference are combined first (their median); a value without a
   paper votes alone as its dataset row.
4. The headline is the median of the votes (in log10 for log-scale properties); the lowest and highest vote
   are reported, and the sources agree when they span at most one decade (conductivity), 0.1 eV (activation
   energy) or 0.5 V (window limits), else they conflict.

Activation energy uses the same steps with Arrhenius activation energies only (reported ones and those of
good Arrhenius fits; never the VTF pseudo-activation energy); the window limits with their reported values.

``refresh_headlines`` stores the result (PropertyHeadline rows plus the copies on Material used for sorts and
filters) and must run in the transaction of every write that changes a measurement, a flag or a fit:
``evidence_changed`` is the call the services, the admin and the importers make.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Q

from electrolytes import units
from electrolytes.models import (
    ConductivityFit,
    Material,
    Measurement,
    PropertyDefinition,
    PropertyHeadline,
    Reference,
)
from electrolytes.temperature_windows import room_temperature_celsius, room_window_kelvin

CONDUCTIVITY = "ionic_conductivity"
ACTIVATION = "activation_energy"
HEADLINE_PROPERTIES = (CONDUCTIVITY, ACTIVATION, "oxidation_limit", "reduction_limit")
# Material column holding the copy of each headline value.
HEADLINE_COLUMNS = {
    CONDUCTIVITY: "headline_conductivity",
    ACTIVATION: "headline_activation_energy",
    "oxidation_limit": "headline_oxidation_limit",
    "reduction_limit": "headline_reduction_limit",
}
# Largest spread of the votes still called consistent: decades for log-scale properties, else canonical units.
AGREEMENT_SPREAD = {CONDUCTIVITY: 1.0, ACTIVATION: 0.1, "oxidation_limit": 0.5, "reduction_limit": 0.5}
PART_RANK = {
    Measurement.MeasuredPart.TOTAL: 0,
    Measurement.MeasuredPart.NOT_SPECIFIED: 0,
    Measurement.MeasuredPart.BULK: 1,
    Measurement.MeasuredPart.GRAIN_BOUNDARY: 2,
}
PART_WORDS = {0: "total", 1: "bulk", 2: "grain-boundary"}
VALUE_QUALIFIERS = (Measurement.Qualifier.EQUAL, Measurement.Qualifier.APPROX)


@dataclass(frozen=True)
class Candidate:
    """One value that may vote: measured, or a good fit's value."""

    value: float
    vote: tuple  # one paper, or one dataset row when no paper is named
    source: str
    temperature_k: float | None = None
    measured_part: str = Measurement.MeasuredPart.NOT_SPECIFIED
    extrapolated: bool = False
    from_fit: bool = False
    computed: bool = False

    @property
    def tier(self) -> tuple[int, int, int]:
        """Lower is more direct: (measured part, computed rather than measured, extrapolated)."""
        return (PART_RANK.get(self.measured_part, 0), int(self.computed), int(self.extrapolated))


@dataclass
class Headline:
    key: str
    value: float
    unit: str
    temperature_k: float | None
    n_sources: int
    min: float
    max: float
    agreement: str
    basis: str
    sources: list[dict] = field(default_factory=list)

    def as_api(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "temperature": self.temperature_k,
            "n_sources": self.n_sources,
            "min": self.min,
            "max": self.max,
            "agreement": self.agreement,
            "basis": self.basis,
        }


def _median(values: list[float], *, log: bool) -> float:
    """The median; of an even count, the mean of the two middle values (geometric for log-scale properties).

    An odd count gives one of the values exactly, so a single source is reported as it was stored.
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    return math.sqrt(low * high) if log else (low + high) / 2


def decide_headline(key: str, unit: str, candidates: Iterable[Candidate], *, log: bool) -> Headline | None:
    """The headline of property ``key`` from its candidate values (already unflagged and in the window), or None."""
    candidates = [c for c in candidates if (c.value > 0 or not log)]
    if not candidates:
        return None
    best = min(c.tier for c in candidates)
    chosen = [c for c in candidates if c.tier == best]
    left_out = len(candidates) - len(chosen)
    votes: dict[tuple, list[Candidate]] = defaultdict(list)
    for candidate in chosen:
        votes[candidate.vote].append(candidate)
    vote_values = [_median([c.value for c in group], log=log) for group in votes.values()]
    value = _median(vote_values, log=log)
    low, high = min(vote_values), max(vote_values)
    low, high = min(low, value), max(high, value)
    spread = (math.log10(high) - math.log10(low)) if log else (high - low)
    if len(vote_values) == 1:
        agreement = PropertyHeadline.Agreement.SINGLE
    elif spread <= AGREEMENT_SPREAD.get(key, 0.0) + 1e-12:
        agreement = PropertyHeadline.Agreement.CONSISTENT
    else:
        agreement = PropertyHeadline.Agreement.CONFLICTING
    temperatures = {c.temperature_k for c in chosen}
    temperature = temperatures.pop() if len(temperatures) == 1 else None
    if temperature is None and key == CONDUCTIVITY:
        temperature = units.ROOM_TEMPERATURE_K
    return Headline(
        key=key,
        value=value,
        unit=unit,
        temperature_k=temperature,
        n_sources=len(vote_values),
        min=low,
        max=high,
        agreement=agreement,
        basis=_basis(key, chosen, len(vote_values), best, left_out),
        sources=[
            {
                "value": c.value,
                "temperature_k": c.temperature_k,
                "source": c.source,
                "note": ("fit" if c.from_fit else "computed" if c.computed else "measured")
                + (", extrapolated" if c.extrapolated else "")
                + (f", {c.measured_part.replace('_', ' ')}" if c.measured_part != "not_specified" else ""),
            }
            for c in sorted(chosen, key=lambda c: (c.source, c.value))
        ],
    )


def _basis(key: str, chosen: list[Candidate], n_votes: int, tier: tuple[int, int, int], left_out: int) -> str:
    """One sentence a researcher can check: which values voted and why."""
    what = {
        CONDUCTIVITY: f"{PART_WORDS[tier[0]]} conductivities measured at {room_window_kelvin()} "
        f"or from good fits at {room_temperature_celsius()}",
        ACTIVATION: "Arrhenius activation energies, reported or from good Arrhenius fits",
    }.get(key, "reported values")
    if tier[1]:
        what = "computed (DFT or MD) " + what.removeprefix("reported ")
    if tier[2]:
        what = "extrapolated " + what
    head = "One source" if n_votes == 1 else f"Median over {n_votes} sources, one vote per paper"
    values = "1 unflagged value" if len(chosen) == 1 else f"{len(chosen)} unflagged values"
    text = f"{head}: {values} ({what})"
    fits = sum(c.from_fit for c in chosen)
    if fits:
        text += f", {fits} from fits"
    if left_out:
        text += f"; {left_out} less direct value{'s' if left_out != 1 else ''} left out"
    return text + "."


# --- Reading the candidates from the database --------------------------------------------------------


def _source_label(measurement: Measurement) -> str:
    if measurement.reference_id:
        return str(measurement.reference)
    if measurement.source_dataset_id:
        row = f" row {measurement.source_row}" if measurement.source_row else ""
        return f"{measurement.source_dataset}{row}"
    return "Unattributed"


def in_window(temperature_k: float | None) -> bool:
    """Whether a conductivity at this temperature is a room-temperature candidate (step 1 of the rule)."""
    return temperature_k is not None and units.ROOM_TEMPERATURE_MIN_K <= temperature_k <= units.ROOM_TEMPERATURE_MAX_K


# The same window as a database condition, so conductivities outside it are never loaded.
IN_WINDOW = ~Q(property__key=CONDUCTIVITY) | Q(
    temperature_k__gte=units.ROOM_TEMPERATURE_MIN_K, temperature_k__lte=units.ROOM_TEMPERATURE_MAX_K
)


def candidates_for(material_ids: Iterable[int], *, using: str = "default") -> dict[tuple[int, str], list[Candidate]]:
    """(material id, property key) -> the candidates of the headline rule, in three queries.

    The measurements are read as values, and their fits and papers once per id: a large import refreshes the
    headlines of materials holding a hundred thousand candidates, most of them citing the same few papers,
    and a model instance per row and per relation cost more than the rest of the refresh.
    """
    ids = list(material_ids)
    rows = list(
        Measurement.objects.using(using)
        .filter(IN_WINDOW, material_id__in=ids, property__key__in=HEADLINE_PROPERTIES, flag="")
        .order_by("id")
        .values_list(
            "id",
            "material_id",
            "property__key",
            "value",
            "qualifier",
            "temperature_k",
            "measured_part",
            "is_extrapolated",
            "method",
            "is_derived",
            "reference_id",
            "source_dataset_id",
            "source_row",
            "derived_from_fit_id",
        )
    )
    fits = {
        pk: (quality, model, source_id)
        for pk, quality, model, source_id in ConductivityFit.objects.using(using)
        .filter(pk__in={row[13] for row in rows if row[9] and row[13] is not None})
        .values_list("pk", "quality", "model", "source_id")
    }
    # The paper, else the dataset, each candidate names, as text (what _source_label gives a measurement).
    named = {row[10] or row[11] for row in rows if row[10] or row[11]}
    labels = {pk: str(ref) for pk, ref in Reference.objects.using(using).in_bulk(named).items()}
    result: dict[tuple[int, str], list[Candidate]] = defaultdict(list)
    for (
        pk,
        material_id,
        key,
        value,
        qualifier,
        temperature_k,
        measured_part,
        extrapolated,
        method,
        is_derived,
        reference_id,
        dataset_id,
        source_row,
        fit_id,
    ) in rows:
        fit = fits.get(fit_id)
        if is_derived:
            if fit is None or fit[0] != ConductivityFit.Quality.GOOD:
                continue
            if key == ACTIVATION and fit[1] != ConductivityFit.Model.ARRHENIUS:
                continue
        elif qualifier not in VALUE_QUALIFIERS:
            continue
        if key == CONDUCTIVITY and not in_window(temperature_k):
            continue
        if reference_id:
            vote = ("paper", reference_id)
        elif is_derived:
            vote = ("fit", fit[2])
        else:
            vote = ("row", dataset_id, source_row or pk)
        # As _source_label words it for a measurement.
        if reference_id:
            source = labels[reference_id]
        elif dataset_id:
            source = f"{labels[dataset_id]}{f' row {source_row}' if source_row else ''}"
        else:
            source = "Unattributed"
        result[(material_id, key)].append(
            Candidate(
                value=value,
                vote=vote,
                source=source,
                temperature_k=temperature_k,
                measured_part=measured_part,
                extrapolated=extrapolated,
                computed=method == Measurement.Method.COMPUTED,
                from_fit=is_derived,
            )
        )
    return result


def compute_headlines(material_ids: Iterable[int], *, using: str = "default") -> dict[tuple[int, str], Headline]:
    """The headlines of these materials as the rule decides them now (reads only)."""
    ids = list(material_ids)
    definitions = {d.key: d for d in PropertyDefinition.objects.using(using).filter(key__in=HEADLINE_PROPERTIES)}
    result = {}
    for (material_id, key), candidates in candidates_for(ids, using=using).items():
        definition = definitions[key]
        headline = decide_headline(key, definition.canonical_unit, candidates, log=definition.log_scale)
        if headline is not None:
            result[(material_id, key)] = headline
    return result


BATCH = 2000


def refresh_headlines(material_ids: Iterable[int], *, using: str = "default") -> int:
    """Store the headlines of these materials (rows and Material copies); returns the rows written."""
    all_ids = sorted(set(material_ids))
    if not all_ids:
        return 0
    with transaction.atomic(using=using):
        return _store_headlines(all_ids, using)


def _store_headlines(all_ids: list[int], using: str) -> int:
    definitions = {d.key: d.pk for d in PropertyDefinition.objects.using(using).filter(key__in=HEADLINE_PROPERTIES)}
    written = 0
    for start in range(0, len(all_ids), BATCH):
        ids = all_ids[start : start + BATCH]
        headlines = compute_headlines(ids, using=using)
        PropertyHeadline.objects.using(using).filter(material_id__in=ids).delete()
        PropertyHeadline.objects.using(using).bulk_create(
            [
                PropertyHeadline(
                    material_id=material_id,
                    property_id=definitions[key],
                    value=h.value,
                    temperature_k=h.temperature_k,
                    n_sources=h.n_sources,
                    min_value=h.min,
                    max_value=h.max,
                    agreement=h.agreement,
                    basis=h.basis[:500],
                    sources=h.sources,
                )
                for (material_id, key), h in headlines.items()
            ],
            batch_size=1000,
        )
        written += len(headlines)
        materials = list(Material.objects.using(using).filter(pk__in=ids).only("pk", *HEADLINE_COLUMNS.values()))
        changed = []
        for material in materials:
            dirty = False
            for key, column in HEADLINE_COLUMNS.items():
                headline = headlines.get((material.pk, key))
                new = headline.value if headline else None
                if getattr(material, column) != new:
                    setattr(material, column, new)
                    dirty = True
            if dirty:
                changed.append(material)
        if changed:
            _write_headline_columns(changed, using)
    return written


def _write_headline_columns(materials: list[Material], using: str) -> None:
    """Store the headline columns of these materials in one UPDATE joined to arrays of the new values.

    bulk_update writes a CASE with a branch per row for each column, which the server tries in turn for every
    row: its cost grows with the square of the batch (seconds for the thousands of materials of an import).
    As bulk_update, only these columns change (not ``updated_at``) and no history row is written.
    """
    quote = connections[using].ops.quote_name
    columns = [quote(c) for c in HEADLINE_COLUMNS.values()]
    assignments = ", ".join(f"{c} = v.{c}" for c in columns)
    arrays = ", ".join("%s::double precision[]" for _ in columns)
    # Names from the model and HEADLINE_COLUMNS, never input; the values are parameters.
    sql = f"UPDATE {quote(Material._meta.db_table)} AS m SET {assignments} FROM unnest(%s::bigint[], {arrays}) AS v(id, {', '.join(columns)}) WHERE m.id = v.id"  # noqa: E501, S608
    params = [[m.pk for m in materials]]
    params += [[getattr(m, column) for m in materials] for column in HEADLINE_COLUMNS.values()]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def evidence_changed(material_ids: Iterable[int], *, refit: bool = True) -> int:
    """After any write to measurements, flags or fits of these materials: refit their conductivities (unless
    ``refit`` is off) and refresh their headlines (in the caller's transaction). Returns the fits rewritten."""
    from electrolytes.fitting import refit_materials

    ids = set(material_ids) - {None}
    if not ids:
        return 0
    fits = refit_materials(ids) if refit else 0
    refresh_headlines(ids)
    return fits


@transaction.atomic
def citations_changed(reference_ids: Iterable[int]) -> int:
    """After a write that may change how these references are cited (authors, year, journal or title filled
    or edited): refresh the headlines whose sources they are, since a stored headline names each of its
    sources by its citation (Reference.citation) as text. Returns the headline rows written."""
    ids = set(reference_ids) - {None}
    if not ids:
        return 0
    citing = (
        Measurement.objects.filter(Q(reference_id__in=ids) | Q(source_dataset_id__in=ids))
        .values_list("material_id", flat=True)
        .distinct()
    )
    return refresh_headlines(citing)


def rebuild_all_headlines() -> int:
    """Recompute every stored headline from scratch (the rebuild command)."""
    return refresh_headlines(Material.objects.values_list("pk", flat=True))


API_KEYS = ("value", "unit", "temperature", "n_sources", "min", "max", "agreement", "basis")


def headline_api(entry: dict) -> dict:
    """The API shape of a stored headline as selectors.with_headlines annotates it."""
    return {name: entry[name] for name in API_KEYS}
