"""Property definitions, measured values and the Arrhenius/VTF fits derived from them."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from electrolytes import units

from .materials import PublicationStatus
from .taxonomy import KeyManager

# Foreign keys of a measurement whose copies in its history rows are not indexed (see Measurement.history).
HISTORY_UNINDEXED = ["material", "property", "reference", "source_dataset", "derived_from_fit"]


class PropertyDefinition(models.Model):
    """A measurable property, its canonical unit and the range of sane values."""

    key = models.SlugField(max_length=60, unique=True, help_text="Stable key used in the API, e.g. ionic_conductivity.")
    name = models.CharField(max_length=100, unique=True)
    symbol = models.CharField(max_length=30, blank=True, help_text="Symbol shown in tables, e.g. σ or Ea.")
    canonical_unit = models.CharField(max_length=30, help_text="Unit every stored value is converted to.")
    accepted_units = ArrayField(
        models.CharField(max_length=30), default=list, blank=True, help_text="Units accepted on input."
    )
    min_value = models.FloatField(
        help_text="Smallest possible value, in the canonical unit; anything below is refused. For a log-scale "
        "property zero and negative values are refused whatever this says."
    )
    max_value = models.FloatField(help_text="Largest possible value, in the canonical unit; anything above is refused.")
    plausible_min = models.FloatField(
        null=True,
        blank=True,
        help_text="Below this (canonical unit) a value is implausible: stored, but marked and reported as a warning.",
    )
    plausible_max = models.FloatField(
        null=True,
        blank=True,
        help_text="Above this (canonical unit) a value is implausible: stored, but marked and reported as a warning.",
    )
    log_scale = models.BooleanField(default=False, help_text="Plot and compare on a logarithmic axis.")
    requires_temperature = models.BooleanField(
        default=False, help_text="A value is meaningless without the temperature it was measured at."
    )
    is_qualitative = models.BooleanField(default=False, help_text="Values are levels of a documented scale.")
    scale = models.JSONField(
        default=dict, blank=True, help_text="For qualitative properties: {level: meaning}, e.g. {'1': 'decomposes'}."
    )
    description = models.TextField(blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    objects = KeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(min_value__lt=F("max_value")), name="property_bounds_ordered"),
        ]

    def __str__(self):
        return f"{self.name} ({self.canonical_unit})"

    def natural_key(self):
        return (self.key,)

    def clean(self):
        unknown = []
        for unit in self.accepted_units:
            try:
                units.to_canonical(1.0, unit, self.canonical_unit)
            except units.UnitError:
                unknown.append(unit)
        if unknown:
            raise ValidationError(
                {"accepted_units": f"Units not convertible to {self.canonical_unit}: {', '.join(unknown)}."}
            )

    def convert(self, value: float, unit: str) -> float:
        """Reported value in ``unit`` to this property's canonical unit, checked against the bounds.

        Raises units.UnitError (unknown or unaccepted unit) or ValueError (out of bounds).
        """
        symbol = units.normalise_unit(unit)
        accepted = self._accepted_symbols()
        if symbol not in accepted:
            raise units.UnitError(
                f"Unit {unit!r} is not accepted for {self.name}; use one of: {', '.join(sorted(accepted))}."
            )
        canonical = units.to_canonical(value, unit, self.canonical_unit)
        self.check_bounds(canonical)
        return canonical

    def _accepted_symbols(self) -> set[str]:
        """The accepted units as symbols, worked out once per instance while its units stay the same (an import
        converts every row's value with one instance)."""
        key = (tuple(self.accepted_units), self.canonical_unit)
        cached = self.__dict__.get("_accepted_cache")
        if cached is None or cached[0] != key:
            symbols = {units.normalise_unit(u) for u in self.accepted_units} or {self.canonical_unit}
            cached = self.__dict__["_accepted_cache"] = (key, symbols)
        return cached[1]

    def check_bounds(self, value: float) -> None:
        """Refuse an impossible value (ValueError naming the bounds); implausible ones pass (see implausibility)."""
        if self.log_scale and not value > 0:
            raise ValueError(f"{self.name} {value:g} {self.canonical_unit} is impossible: it must be above zero.")
        if not (self.min_value <= value <= self.max_value):
            raise ValueError(
                f"{self.name} {value:g} {self.canonical_unit} is impossible: outside "
                f"{self.min_value:g} to {self.max_value:g} {self.canonical_unit}."
            )

    def implausibility(self, value: float) -> str:
        """Why a possible value is implausible (a warning, the value is kept), or ''."""
        if self.plausible_min is not None and value < self.plausible_min:
            return (
                f"{self.name} {value:g} {self.canonical_unit} is below the plausible "
                f"{self.plausible_min:g} {self.canonical_unit}; kept, marked implausible."
            )
        if self.plausible_max is not None and value > self.plausible_max:
            return (
                f"{self.name} {value:g} {self.canonical_unit} is above the plausible "
                f"{self.plausible_max:g} {self.canonical_unit}; kept, marked implausible."
            )
        return ""


class MeasurementQuerySet(models.QuerySet):
    def published(self):
        """Values of published materials, whoever asks; who sees what is selectors.visibility's rule."""
        return self.filter(material__status=PublicationStatus.PUBLISHED)


class Measurement(models.Model):
    """One reported (or derived) value of a property for a material."""

    class Qualifier(models.TextChoices):
        EQUAL = "=", "="
        LESS = "<", "<"
        GREATER = ">", ">"
        APPROX = "~", "~"

    class MeasuredPart(models.TextChoices):
        TOTAL = "total", "Total"
        BULK = "bulk", "Bulk (grain)"
        GRAIN_BOUNDARY = "grain_boundary", "Grain boundary"
        NOT_SPECIFIED = "not_specified", "Not specified"

    class Method(models.TextChoices):
        EIS = "eis", "Electrochemical impedance spectroscopy"
        DC_POLARISATION = "dc_polarisation", "DC polarisation"
        LSV = "lsv", "Linear sweep voltammetry"
        CV = "cv", "Cyclic voltammetry"
        GALVANOSTATIC = "galvanostatic", "Galvanostatic cycling"
        NMR = "nmr", "NMR"
        NANOINDENTATION = "nanoindentation", "Nanoindentation"
        ULTRASONIC = "ultrasonic", "Ultrasonic / acoustic"
        TGA = "tga", "Thermogravimetric analysis"
        EXPOSURE = "exposure", "Exposure test (air or humidity)"
        COMPUTED = "computed", "Computed (DFT or MD)"
        FIT = "fit", "Fit to measured data"
        OTHER = "other", "Other"
        NOT_SPECIFIED = "not_specified", "Not specified"

    class Flag(models.TextChoices):
        NONE = "", "Not flagged"
        DISPUTED = "disputed", "Disputed"
        SUPERSEDED = "superseded", "Superseded"
        ERRONEOUS = "erroneous", "Erroneous"

    # No single-column indexes on these two: the (material, property) and (property, temperature, value) indexes
    # below start with them and serve the same look-ups, and every index costs each imported row an insert.
    material = models.ForeignKey(
        "electrolytes.Material", on_delete=models.CASCADE, related_name="measurements", db_index=False
    )
    property = models.ForeignKey(
        PropertyDefinition, on_delete=models.PROTECT, related_name="measurements", db_index=False
    )
    value = models.FloatField(help_text="Value in the property's canonical unit.")
    reported_value = models.CharField(max_length=100, blank=True, help_text="The value exactly as the source gives it.")
    reported_unit = models.CharField(max_length=30, blank=True, help_text="The unit exactly as the source gives it.")
    qualifier = models.CharField(max_length=1, choices=Qualifier.choices, default=Qualifier.EQUAL)
    temperature_k = models.FloatField(null=True, blank=True, help_text="Measurement temperature in K.")
    temperature_nominal = models.BooleanField(
        default=False,
        help_text="The source says only 'room temperature': temperature_k holds the 298.15 K convention, "
        "not a reading, and pages show the source's words.",
    )
    measured_part = models.CharField(
        max_length=20,
        choices=MeasuredPart.choices,
        default=MeasuredPart.NOT_SPECIFIED,
        help_text="For conductivities: total, bulk or grain-boundary contribution.",
    )
    method = models.CharField(max_length=30, choices=Method.choices, default=Method.NOT_SPECIFIED)
    is_extrapolated = models.BooleanField(default=False, help_text="Value lies outside the measured range.")
    is_derived = models.BooleanField(default=False, help_text="Computed here from other measurements (a fit).")
    derived_from_fit = models.ForeignKey(
        "electrolytes.ConductivityFit", on_delete=models.CASCADE, null=True, blank=True, related_name="derived_values"
    )
    reference = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        help_text="The paper that reports the value.",
    )
    source_dataset = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dataset_measurements",
        help_text="The dataset the value was imported from.",
    )
    source_row = models.CharField(max_length=100, blank=True, help_text="The row's own id in the source dataset.")
    notes = models.TextField(blank=True)
    curated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a curator last wrote this value (admin or API). A re-import never overwrites a curated "
        "value; its report lists the row as kept.",
    )
    flag = models.CharField(
        max_length=20,
        choices=Flag.choices,
        default=Flag.NONE,
        blank=True,
        help_text="A curator's (or the dataset's) doubt: a flagged value stays visible but never enters a "
        "headline or a statistic. Changes are kept in the history.",
    )
    flag_reason = models.TextField(blank=True, help_text="Why the value is flagged (required with a flag).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasurementQuerySet.as_manager()
    # The history is read per measurement (its id) and by date; the copies of the foreign keys are never looked
    # up, so they go unindexed: an import writes one history row per measurement, each paying for every index.
    history = HistoricalRecords(no_db_index=HISTORY_UNINDEXED)

    class Meta:
        ordering = ["material", "property__display_order", "temperature_k", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(temperature_k__isnull=True) | Q(temperature_k__gt=0),
                name="measurement_temperature_positive",
            ),
            # "Room temperature" is a temperature: the flag says how it was reported, temperature_k what is used.
            models.CheckConstraint(
                condition=Q(temperature_nominal=False) | Q(temperature_k__isnull=False),
                name="measurement_nominal_temperature_has_value",
            ),
            models.CheckConstraint(
                condition=Q(derived_from_fit__isnull=True) | Q(is_derived=True), name="measurement_fit_is_derived"
            ),
            models.CheckConstraint(
                condition=Q(source_row="") | Q(source_dataset__isnull=False), name="measurement_row_needs_dataset"
            ),
            models.CheckConstraint(
                condition=Q(is_derived=True) | Q(reference__isnull=False) | Q(source_dataset__isnull=False),
                name="measurement_has_source",
            ),
            models.UniqueConstraint(
                fields=["source_dataset", "source_row", "property", "measured_part"],
                condition=~Q(source_row=""),
                name="measurement_unique_source_row",
            ),
            models.CheckConstraint(condition=Q(flag="") | ~Q(flag_reason=""), name="measurement_flag_has_reason"),
            models.CheckConstraint(
                condition=Q(flag__in=["", "disputed", "superseded", "erroneous"]), name="measurement_flag_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["property", "temperature_k", "value"], name="measurement_prop_temp_value"),
            models.Index(fields=["material", "property"], name="measurement_material_prop"),
            # Counts of a property's values in a temperature window with their material's visibility: index-only.
            models.Index(fields=["property", "temperature_k"], include=["material"], name="measurement_prop_temp_mat"),
        ]

    def __str__(self):
        temperature = f" at {self.temperature_k:g} K" if self.temperature_k is not None else ""
        return f"{self.property.name} {self.qualifier}{self.value:g} {self.property.canonical_unit}{temperature}"

    def implausibility(self) -> str:
        """Why the value is implausible for its property ('' when plausible); needs the property loaded."""
        return self.property.implausibility(self.value) if self.property_id else ""

    def clean(self):
        errors = {}
        if self.property_id:
            prop = self.property
            try:
                if self.value is not None:  # a missing (or already refused) value has its own error
                    prop.check_bounds(self.value)
            except (TypeError, ValueError) as exc:
                errors["value"] = str(exc)
            if prop.requires_temperature and self.temperature_k is None:
                errors["temperature_k"] = f"{prop.name} needs the temperature it was measured at."
        if self.temperature_k is not None and self.temperature_k <= 0:
            errors["temperature_k"] = f"Temperature {self.temperature_k:g} K is at or below absolute zero."
        if not self.is_derived and self.reference_id is None and self.source_dataset_id is None:
            errors["reference"] = "Every measured value needs its source: a reference or a source dataset."
        if self.flag and not self.flag_reason.strip():
            errors["flag_reason"] = f"A value flagged {self.flag} needs the reason."
        if errors:
            raise ValidationError(errors)


class ConductivityFit(models.Model):
    """An Arrhenius or VTF fit of one material's conductivities from one source.

    Arrhenius: log10(sigma*T) = log10(A) - Ea / (k_B T ln 10).
    VTF: sigma = A T^-1/2 exp(-B / (T - T0)), with B in K.
    """

    class Model(models.TextChoices):
        ARRHENIUS = "arrhenius", "Arrhenius"
        VTF = "vtf", "Vogel-Tammann-Fulcher"

    class Quality(models.TextChoices):
        GOOD = "good", "Good"
        POOR = "poor", "Poor"

    material = models.ForeignKey("electrolytes.Material", on_delete=models.CASCADE, related_name="fits")
    source = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.PROTECT,
        related_name="fits",
        help_text="The reference or dataset whose points were fitted.",
    )
    model = models.CharField(max_length=20, choices=Model.choices)
    activation_energy_ev = models.FloatField(
        help_text="Arrhenius: the activation energy Ea in eV. VTF: the pseudo-activation energy B·k_B in eV, "
        "a different quantity (see vtf_pseudo_activation_energy)."
    )
    prefactor = models.FloatField(help_text="Pre-exponential factor A (Arrhenius: S K/cm; VTF: S K^0.5/cm).")
    vtf_t0_k = models.FloatField(null=True, blank=True, help_text="VTF ideal glass-transition temperature T0 in K.")
    sigma_25c = models.FloatField(help_text="Conductivity at 25 °C from the fit, in S/cm.")
    sigma_25c_extrapolated = models.BooleanField(default=False, help_text="25 °C lies outside the fitted range.")
    r_squared = models.FloatField(help_text="Coefficient of determination of the fit in log space.")
    t_min_k = models.FloatField(help_text="Lowest fitted temperature in K.")
    t_max_k = models.FloatField(help_text="Highest fitted temperature in K.")
    n_points = models.PositiveSmallIntegerField()
    is_preferred = models.BooleanField(default=False, help_text="The model chosen for this material and source.")
    quality = models.CharField(
        max_length=10,
        choices=Quality.choices,
        default=Quality.GOOD,
        help_text="Verdict on the fit (points, R², parameters at a bound, range); a poor fit is never a headline.",
    )
    quality_note = models.CharField(max_length=300, blank=True, help_text="Why the fit is poor, in words.")
    inputs = models.ManyToManyField(Measurement, related_name="fits", blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["material", "source", "model"]
        constraints = [
            models.UniqueConstraint(fields=["material", "source", "model"], name="fit_unique_per_source_model"),
            models.CheckConstraint(condition=Q(n_points__gte=3), name="fit_at_least_three_points"),
            models.CheckConstraint(condition=Q(t_min_k__gt=0) & Q(t_max_k__gte=F("t_min_k")), name="fit_range_valid"),
            models.CheckConstraint(condition=Q(r_squared__lte=1), name="fit_r_squared_at_most_one"),
        ]

    def __str__(self):
        return f"{self.get_model_display()} fit of {self.material} ({self.source})"

    def get_absolute_url(self):
        return reverse("material-detail", args=[self.material.slug])


class MeasurementSource(models.Model):
    """A further provenance of a measurement: the same report found in another dataset or import row.

    The measurement's own source_dataset/source_row is its first provenance; every later copy of the
    same report (same material, property, paper, value within 1e-3, temperature within 0.5 K,
    qualifier and measured part) is linked here instead of being stored again.
    """

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="extra_sources")
    dataset = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.PROTECT,
        related_name="merged_measurements",
        help_text="The dataset this copy of the value came from.",
    )
    source_row = models.CharField(max_length=100, blank=True, help_text="The row's own id in that dataset.")
    reported_value = models.CharField(max_length=100, blank=True, help_text="The value as that dataset gives it.")
    reported_unit = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measurement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "dataset", "source_row"], name="measurement_source_unique"),
        ]
        indexes = [models.Index(fields=["dataset", "source_row"], name="measurement_source_row")]

    def __str__(self):
        return f"{self.dataset} row {self.source_row}" if self.source_row else str(self.dataset)


class PropertyHeadline(models.Model):
    """The stored headline of one property for one material (electrolytes.evidence decides it).

    Rewritten in the same transaction as every write that can change it; ``rebuild_headlines``
    recomputes all of them.
    """

    class Agreement(models.TextChoices):
        SINGLE = "single", "Single source"
        CONSISTENT = "consistent", "Sources agree"
        CONFLICTING = "conflicting", "Sources conflict"

    material = models.ForeignKey("electrolytes.Material", on_delete=models.CASCADE, related_name="headlines")
    property = models.ForeignKey(PropertyDefinition, on_delete=models.CASCADE, related_name="headlines")
    value = models.FloatField(help_text="The headline value in the property's canonical unit.")
    temperature_k = models.FloatField(null=True, blank=True, help_text="Temperature of the value in K, or null.")
    n_sources = models.PositiveIntegerField(help_text="Distinct papers (or dataset rows without one) that voted.")
    min_value = models.FloatField(help_text="Lowest source value, canonical unit.")
    max_value = models.FloatField(help_text="Highest source value, canonical unit.")
    agreement = models.CharField(max_length=12, choices=Agreement.choices)
    basis = models.CharField(max_length=500, help_text="One sentence: which values and why.")
    sources = models.JSONField(
        default=list, blank=True, help_text="The values that voted: [{value, temperature_k, source, note}]."
    )

    class Meta:
        ordering = ["material", "property__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["material", "property"], name="headline_unique_material_property"),
            models.CheckConstraint(condition=Q(n_sources__gte=1), name="headline_has_sources"),
            models.CheckConstraint(
                condition=Q(min_value__lte=F("value")) & Q(value__lte=F("max_value")), name="headline_within_range"
            ),
        ]
        indexes = [models.Index(fields=["property", "value"], name="headline_property_value")]

    def __str__(self):
        return f"{self.property.name} of {self.material}: {self.value:g} {self.property.canonical_unit}"


class MeasurementTally(models.Model):
    """How many measurements the materials of each publication status hold: the home page's totals.

    Written only by PostgreSQL triggers (migration 0020) in the transaction of every write to
    measurements (insert, delete, a move to another material) and of every change of a material's
    status, so it is exact and current without counting a million rows per request. Never write it
    from Python.
    """

    status = models.CharField(max_length=20, primary_key=True)
    measurements = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.status}: {self.measurements} measurements"
