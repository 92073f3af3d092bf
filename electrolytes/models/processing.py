"""How electrolytes are made: ex-situ and in-situ processing routes (Figure 2)."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .taxonomy import SlugManager


class ProcessingRoute(models.Model):
    class RouteType(models.TextChoices):
        SOLID_STATE = "solid_state", "Solid-state reaction and sintering"
        BALL_MILLING = "ball_milling", "Mechanochemical ball milling"
        MELT_QUENCHING = "melt_quenching", "Melt-quenching"
        SOLUTION = "solution", "Solution / wet chemistry"
        TAPE_CASTING = "tape_casting", "Tape casting (solution casting)"
        HOT_PRESSING = "hot_pressing", "Hot pressing"
        IN_SITU_THERMAL = "in_situ_thermal", "In-situ thermal polymerization"
        IN_SITU_UV = "in_situ_uv", "In-situ UV polymerization"
        IN_SITU_ELECTROCHEMICAL = "in_situ_electrochemical", "In-situ electrochemical polymerization"
        IN_SITU_CHEMICAL = "in_situ_chemical", "In-situ chemically initiated polymerization"

    class Mode(models.TextChoices):
        EX_SITU = "ex_situ", "Ex-situ (made before cell assembly)"
        IN_SITU = "in_situ", "In-situ (solidified inside the cell)"

    class ThicknessBound(models.TextChoices):
        REPORTED = "", "as reported"
        BELOW = "below", "below"
        AT_LEAST = "at_least", "at least"

    class Atmosphere(models.TextChoices):
        AMBIENT = "ambient", "Ambient air"
        DRY_ROOM = "dry_room", "Dry room"
        INERT = "inert", "Inert gas (glovebox)"
        VACUUM = "vacuum", "Vacuum"
        SEALED_CELL = "sealed_cell", "Inside the sealed cell"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    route_type = models.CharField(max_length=30, choices=RouteType.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices)
    electrolyte_class = models.ForeignKey(
        "electrolytes.ElectrolyteClass", on_delete=models.PROTECT, related_name="processing_routes"
    )
    material = models.ForeignKey(
        "electrolytes.Material",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="processing_routes",
        help_text="Leave empty for a route typical of the whole class.",
    )
    steps = ArrayField(models.CharField(max_length=300), default=list, blank=True, help_text="Steps in order.")
    cell_manufacturing_steps = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        help_text="Steps of today's Li-ion cell line this route reuses: coating, stacking/winding, injection, "
        "sealing, formation.",
    )
    added_steps = ArrayField(
        models.CharField(max_length=120),
        default=list,
        blank=True,
        help_text="Steps this route adds to a Li-ion cell line, in order (e.g. sintering, in-cell solidification).",
    )
    peak_temperature_k = models.FloatField(null=True, blank=True, help_text="Highest process temperature in K.")
    temperature_note = models.CharField(
        max_length=120,
        blank=True,
        help_text="Process temperature in the source's own words when it gives no number (e.g. 'ambient temperature').",
    )
    duration_h = models.FloatField(null=True, blank=True, help_text="Total process duration in hours.")
    atmosphere = models.CharField(max_length=20, choices=Atmosphere.choices, blank=True)
    dew_point_k = models.FloatField(
        null=True, blank=True, help_text="Dew point the source asks of the dry room, in K (223.15 K = -50 °C)."
    )
    electrolyte_thickness_um = models.FloatField(
        null=True, blank=True, help_text="Electrolyte layer thickness the source reports reaching, in µm."
    )
    thickness_bound = models.CharField(
        max_length=10,
        choices=ThicknessBound.choices,
        blank=True,
        help_text="Whether the thickness is a reported value, an upper bound (below) or a floor (at least).",
    )
    stack_pressure_mpa = models.FloatField(
        null=True, blank=True, help_text="Pressure the cell stack needs in operation, in MPa."
    )
    needs_dry_room = models.BooleanField(default=False, help_text="Moisture-sensitive steps need a dry room.")
    uses_solvent = models.BooleanField(default=False)
    solvent = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    reference = models.ForeignKey(
        "electrolytes.Reference", on_delete=models.PROTECT, null=True, blank=True, related_name="processing_routes"
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["mode", "electrolyte_class__display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(peak_temperature_k__isnull=True) | Q(peak_temperature_k__gt=0),
                name="route_temperature_positive",
            ),
            models.CheckConstraint(
                condition=Q(duration_h__isnull=True) | Q(duration_h__gte=0), name="route_duration_non_negative"
            ),
            models.CheckConstraint(condition=Q(uses_solvent=True) | Q(solvent=""), name="route_solvent_needs_flag"),
            models.CheckConstraint(
                condition=Q(electrolyte_thickness_um__isnull=True) | Q(electrolyte_thickness_um__gt=0),
                name="route_thickness_positive",
            ),
            models.CheckConstraint(
                condition=Q(thickness_bound="") | Q(electrolyte_thickness_um__isnull=False),
                name="route_thickness_bound_needs_thickness",
            ),
            models.CheckConstraint(
                condition=Q(stack_pressure_mpa__isnull=True) | Q(stack_pressure_mpa__gte=0),
                name="route_pressure_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(dew_point_k__isnull=True) | Q(dew_point_k__gt=0), name="route_dew_point_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def states(self, condition: str) -> bool:
        """Whether the route gives a figure (or words) for ``condition``, one of RouteConditionSource.Field."""
        return getattr(self, condition, None) not in (None, "")


class RouteConditionSourceManager(models.Manager):
    def get_by_natural_key(self, route_slug: str, field: str):
        return self.get(route__slug=route_slug, field=field)


class RouteConditionSource(models.Model):
    """The paper one process condition of a route comes from, when it is not the route's own reference.

    A filled condition with no such row is sourced by the route's ``reference``. A row exists where a figure was
    taken from another paper: the perspective's thickness floor on a route citing a materials paper, or a
    representative paper's sintering temperature on a class-level route that cites the perspective.
    """

    class Field(models.TextChoices):
        PEAK_TEMPERATURE = "peak_temperature_k", "Peak temperature"
        TEMPERATURE_NOTE = "temperature_note", "Temperature in words"
        DURATION = "duration_h", "Duration"
        ATMOSPHERE = "atmosphere", "Atmosphere"
        DEW_POINT = "dew_point_k", "Dew point"
        THICKNESS = "electrolyte_thickness_um", "Thickness reached"
        STACK_PRESSURE = "stack_pressure_mpa", "Stack pressure"

    route = models.ForeignKey(ProcessingRoute, on_delete=models.CASCADE, related_name="condition_sources")
    field = models.CharField(max_length=30, choices=Field.choices)
    reference = models.ForeignKey("electrolytes.Reference", on_delete=models.PROTECT, related_name="route_conditions")
    note = models.TextField(
        blank=True, help_text="The source's sentence that gives the figure, quoted, and where it was read (URL)."
    )

    objects = RouteConditionSourceManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "field"]
        constraints = [
            models.UniqueConstraint(fields=["route", "field"], name="route_condition_source_unique"),
        ]

    def __str__(self):
        return f"{self.route}: {self.get_field_display()}"

    def natural_key(self):
        return (*self.route.natural_key(), self.field)

    natural_key.dependencies = ["electrolytes.processingroute", "electrolytes.reference"]

    def clean(self):
        # A source for a condition the route does not state would cite a figure nobody can see.
        route = getattr(self, "route", None) if self.route_id else None
        if route is not None and not route.states(self.field):
            raise ValidationError({"field": f"The route gives no {self.get_field_display().lower()} to source."})
