"""Electrolyte classes, structure families and the class x criterion matrix (Figure 1)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from electrolytes.classification import FamilyCheck, family_fits


class SlugManager(models.Manager):
    """Looks records up by their slug, the natural key used in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class KeyManager(models.Manager):
    """Looks records up by their ``key`` field, the natural key used in fixtures."""

    def get_by_natural_key(self, key):
        return self.get(key=key)


class ElectrolyteClass(models.Model):
    class Category(models.TextChoices):
        INORGANIC = "inorganic", "Inorganic"
        POLYMER = "polymer", "Polymer"

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(blank=True)
    advantages = models.TextField(blank=True, help_text="One advantage per line.")
    disadvantages = models.TextField(blank=True, help_text="One disadvantage per line.")
    preparation = models.TextField(blank=True, help_text="How electrolytes of this class are usually made.")
    display_order = models.PositiveSmallIntegerField(default=0)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = "electrolyte class"
        verbose_name_plural = "electrolyte classes"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("class-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def advantage_list(self) -> list[str]:
        return [line.strip() for line in self.advantages.splitlines() if line.strip()]

    @property
    def disadvantage_list(self) -> list[str]:
        return [line.strip() for line in self.disadvantages.splitlines() if line.strip()]


class StructureFamily(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    electrolyte_class = models.ForeignKey(ElectrolyteClass, on_delete=models.PROTECT, related_name="families")
    description = models.TextField(blank=True)
    aliases = models.TextField(
        blank=True, help_text="Other spellings used in datasets, one per line (matched case-insensitively)."
    )
    composition_rule = models.JSONField(
        default=dict,
        blank=True,
        help_text="Machine-checkable composition: {basis, basis_amount, sites: {name: {elements, min, max}}, sums}; "
        "amounts are atoms per formula unit after scaling the basis elements to basis_amount "
        "(electrolytes.classification.family_fits). Empty for polymer families.",
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["electrolyte_class__display_order", "name"]
        verbose_name = "structure family"
        verbose_name_plural = "structure families"
        constraints = [
            models.UniqueConstraint(fields=["electrolyte_class", "name"], name="family_unique_name_per_class"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["electrolytes.electrolyteclass"]

    def check_composition(self, composition: dict[str, float]) -> FamilyCheck:
        """Whether a compound of ``composition`` fits this family (see electrolytes.classification)."""
        return family_fits(self.composition_rule, composition)


class Criterion(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="What a high rating on this criterion means.")
    display_order = models.PositiveSmallIntegerField(default=0)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ClassAssessment(models.Model):
    """One cell of the class matrix: how a class fares on a criterion.

    Ratings run from -2 (a serious weakness) through 0 (neutral or mixed) to +2
    (a clear strength).
    """

    class Rating(models.IntegerChoices):
        SERIOUS_WEAKNESS = -2, "Serious weakness"
        WEAKNESS = -1, "Weakness"
        MIXED = 0, "Mixed or neutral"
        STRENGTH = 1, "Strength"
        CLEAR_STRENGTH = 2, "Clear strength"

    electrolyte_class = models.ForeignKey(ElectrolyteClass, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="assessments")
    rating = models.SmallIntegerField(choices=Rating.choices, help_text="-2 (serious weakness) to +2 (clear strength).")
    explanation = models.TextField()
    references = models.ManyToManyField("electrolytes.Reference", blank=True, related_name="assessments")

    history = HistoricalRecords(m2m_fields=[references])

    class Meta:
        ordering = ["electrolyte_class__display_order", "criterion__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["electrolyte_class", "criterion"], name="assessment_unique_cell"),
            models.CheckConstraint(condition=Q(rating__gte=-2, rating__lte=2), name="assessment_rating_range"),
        ]

    def __str__(self):
        return f"{self.electrolyte_class} / {self.criterion}: {self.rating:+d}"
