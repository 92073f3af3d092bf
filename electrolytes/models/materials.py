"""Materials (compounds and mixtures) and the components of mixtures."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

from electrolytes.chemistry import FormulaError, material_formula, parse_formula

from .taxonomy import SlugManager

# The stored headlines (evidence.HEADLINE_COLUMNS) with a short name for their indexes.
# The operator class of the trigram GiST indexes, with its signature length in bytes (Material.Meta.indexes).
TRIGRAM_GIST_OPS = "gist_trgm_ops(siglen=256)"
HEADLINE_INDEXES = (
    ("conductivity", "sigma"),
    ("activation_energy", "ea"),
    ("oxidation_limit", "ox"),
    ("reduction_limit", "red"),
)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


class MaterialQuerySet(models.QuerySet):
    def published(self):
        """Published materials, whoever asks; who sees what is selectors.visibility's rule."""
        return self.filter(status=PublicationStatus.PUBLISHED)


class MaterialManager(SlugManager.from_queryset(MaterialQuerySet)):
    pass


class Material(models.Model):
    class Kind(models.TextChoices):
        COMPOUND = "compound", "Inorganic compound"
        MIXTURE = "mixture", "Mixture (e.g. polymer + salt)"

    class PhysicalState(models.TextChoices):
        SOLID = "solid", "Solid"
        GEL = "gel", "Gel (holds a liquid)"
        LIQUID = "liquid", "Liquid (e.g. an oligomer host below 1,000 g/mol)"

    class ClassOrigin(models.TextChoices):
        CURATED = "curated", "Chosen or confirmed by a curator"
        INFERRED = "inferred", "Inferred from the chemistry"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    electrolyte_class = models.ForeignKey(
        "electrolytes.ElectrolyteClass", on_delete=models.PROTECT, related_name="materials"
    )
    class_origin = models.CharField(
        max_length=10,
        choices=ClassOrigin.choices,
        default=ClassOrigin.CURATED,
        help_text="Whether the class was inferred (electrolytes.classification.infer_class) or chosen by a curator; "
        "inference never replaces a curator's choice.",
    )
    class_rule = models.CharField(
        max_length=255, blank=True, help_text="The inference rule that fired, in words (empty when curated)."
    )
    family = models.ForeignKey(
        "electrolytes.StructureFamily", on_delete=models.PROTECT, related_name="materials", null=True, blank=True
    )
    family_label = models.CharField(
        max_length=100, blank=True, help_text="The structure-family label the source gave, as written."
    )
    family_mismatch = models.CharField(
        max_length=255,
        blank=True,
        help_text="Why the source's family label was not applied (the compound does not fit); empty when it was.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPOUND)
    formula = models.CharField(
        max_length=200, blank=True, help_text="Formula as written by the source, e.g. Li1.3Al0.3Ti1.7(PO4)3."
    )
    reduced_formula = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Normalised reduced formula (pymatgen), set from formula."
    )
    elements = ArrayField(
        models.CharField(max_length=3), default=list, blank=True, editable=False, help_text="Sorted element symbols."
    )
    nelements = models.PositiveSmallIntegerField(default=0, editable=False, help_text="Number of distinct elements.")
    composition = models.JSONField(
        default=dict, blank=True, editable=False, help_text="Reduced composition as {element: amount}."
    )
    # Byte-order ("C") collation: the plain B-tree indexes below then serve equality, ORDER BY and
    # LIKE 'prefix%' alike, and comparisons order the ASCII formulas as Python's str does.
    optimade_formula_reduced = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        db_collation="C",
        help_text="OPTIMADE chemical_formula_reduced of a compound, set from formula: whole-number amounts, "
        "elements in alphabetical order, e.g. Al3Li13O120P30Ti17 for Li1.3Al0.3Ti1.7(PO4)3. Empty for mixtures.",
    )
    optimade_formula_anonymous = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        db_collation="C",
        help_text="OPTIMADE chemical_formula_anonymous of a compound, set from formula: the whole-number amounts "
        "in decreasing order with labels A, B, C..., e.g. A120B30C17D13E3. Empty for mixtures.",
    )
    physical_state = models.CharField(
        max_length=10,
        choices=PhysicalState.choices,
        default=PhysicalState.SOLID,
        help_text="State at room temperature. A polymer host below 1,000 g/mol without cross-links is liquid; "
        "liquids are left out of solid-class statistics and conductivity rankings unless asked for.",
    )
    space_group = models.CharField(max_length=30, blank=True, help_text="Hermann-Mauguin symbol, e.g. P4_2/nmc.")
    icsd_ids = ArrayField(models.PositiveIntegerField(), default=list, blank=True, help_text="ICSD collection codes.")
    mp_id = models.CharField(max_length=30, blank=True, help_text="Materials Project id, e.g. mp-696128.")
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copies of the headline values (electrolytes.evidence), kept with the PropertyHeadline rows in the
    # same transaction, so list filters and sorts on them are plain index scans.
    headline_conductivity = models.FloatField(
        null=True, blank=True, editable=False, help_text="Headline room-temperature ionic conductivity in S/cm."
    )
    headline_activation_energy = models.FloatField(
        null=True, blank=True, editable=False, help_text="Headline Arrhenius activation energy in eV."
    )
    headline_oxidation_limit = models.FloatField(
        null=True, blank=True, editable=False, help_text="Headline oxidation limit in V vs Li/Li+."
    )
    headline_reduction_limit = models.FloatField(
        null=True, blank=True, editable=False, help_text="Headline reduction limit in V vs Li/Li+."
    )

    objects = MaterialManager()
    history = HistoricalRecords(
        excluded_fields=[
            "headline_conductivity",
            "headline_activation_energy",
            "headline_oxidation_limit",
            "headline_reduction_limit",
        ]
    )

    class Meta:
        ordering = ["name"]
        permissions = [("view_unpublished_material", "Can see draft and in-review materials")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="compound") | ~Q(formula=""), name="material_compound_has_formula"
            ),
            models.CheckConstraint(condition=Q(status__in=PublicationStatus.values), name="material_status_valid"),
            models.CheckConstraint(
                condition=Q(physical_state__in=["solid", "gel", "liquid"]), name="material_physical_state_valid"
            ),
            models.CheckConstraint(condition=Q(mp_id="") | Q(mp_id__regex=r"^mp-\d+$"), name="material_mp_id_shape"),
        ]
        indexes = [
            GinIndex(fields=["elements"], name="material_elements_gin"),
            # chemsys= (an exact element set, selectors.search_materials) as an equality on the sorted array: the count
            # is an index-only scan and the default order (name, id) comes straight from the index; physical_state rides
            # along for the counts of rankings, which leave liquids out.
            models.Index(
                fields=["elements", "status", "name", "id"], include=["physical_state"], name="material_chemsys"
            ),
            # Formula lookups come back in the default order (name, id) straight from the index.
            models.Index(fields=["reduced_formula", "name", "id"], name="material_formula_name_id"),
            # The default listing order (name, then id), so a first page need not sort every row.
            models.Index(fields=["name", "id"], name="material_name_id"),
            # A family filter in name order (the list's default): the rows of a rare family, already sorted.
            models.Index(fields=["family", "name", "id"], name="material_family_name"),
            models.Index(fields=["nelements"], name="material_nelements"),
            # The OPTIMADE endpoint's equality, prefix and sorted queries on its integer formulas.
            models.Index(fields=["optimade_formula_reduced", "slug"], name="material_optimade_reduced"),
            models.Index(fields=["optimade_formula_anonymous", "slug"], name="material_optimade_anonymous"),
            models.Index(fields=["status", "electrolyte_class"], name="material_status_class"),
            # The ids of the visible materials as an index-only scan: the hash side of a visibility join of many rows
            # (a property's values in a temperature window), cheaper than probing each material.
            models.Index(fields=["status", "id"], name="material_status_id"),
            models.Index(fields=["physical_state"], name="material_physical_state"),
            # The count of a ranking over every visible material (liquids left out, selectors.exclude_liquids) as an
            # index-only scan of a few dozen pages (deduplicated keys) instead of a sequential scan of the table.
            models.Index(fields=["status", "physical_state"], name="material_status_state"),
            # The explore map's one pass over every visible material (selectors.explore_map) as an index-only scan:
            # class, names and the stored headlines ride along, a tenth of the table's size.
            models.Index(
                fields=["status", "electrolyte_class"],
                include=[
                    "id",
                    "name",
                    "slug",
                    "headline_conductivity",
                    "headline_activation_energy",
                    "headline_oxidation_limit",
                    "headline_reduction_limit",
                ],
                name="material_explore",
            ),
            # Trigram GiST, not GIN: a GiST leaf keeps each value's trigrams, so a near-miss search (%) reads the
            # similarity off the index, where GIN only narrows the candidates and PostgreSQL then recomputes the
            # similarity of every candidate's text (15,000 of 100,000 synthetic names for "Li6PSCl", 44 ms against
            # 11 ms). Substring searches (LIKE) use the same indexes. The inner pages' trigram signatures are 256
            # bytes, not pg_trgm's 12: a short signature of many names has every bit set and prunes nothing, so a
            # LIKE that matches nothing walked most of the tree (6 ms; 1 ms with the longer signature).
            GistIndex(OpClass(Upper("name"), name=TRIGRAM_GIST_OPS), name="material_name_trgm_gist"),
            GistIndex(OpClass(Upper("reduced_formula"), name=TRIGRAM_GIST_OPS), name="material_formula_trgm_gist"),
            GinIndex(SearchVector("name", "formula", "description", config="english"), name="material_search_vector"),
            # A class's best conductors in page order (class page, best material of /classes/), and the class statistics
            # as index-only scans: id, slug and the visibility columns ride along.
            models.Index(
                F("electrolyte_class"),
                F("headline_conductivity").desc(nulls_last=True),
                F("name"),
                include=["id", "slug", "status", "physical_state"],
                name="material_class_hl_sigma",
            ),
            # Sorts and range filters on headline values, both directions, ties broken by id. The status rides
            # along, so a public count of a range ("conductivity at least 1e-4") is an index-only scan of just that
            # range rather than of every published material.
            *(
                index
                for column, short in HEADLINE_INDEXES
                for index in (
                    models.Index(
                        F(f"headline_{column}").asc(nulls_last=True),
                        F("id").asc(),
                        include=["status"],
                        name=f"material_hl_{short}_asc",
                    ),
                    models.Index(
                        F(f"headline_{column}").desc(nulls_last=True),
                        F("id").asc(),
                        include=["status"],
                        name=f"material_hl_{short}_desc",
                    ),
                )
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("material-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["electrolytes.electrolyteclass", "electrolytes.structurefamily"]

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def clean(self):
        errors = {}
        try:
            self.derive_formula_columns()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if (
            self.family_id
            and self.electrolyte_class_id
            and self.family.electrolyte_class_id != self.electrolyte_class_id
        ):
            errors["family"] = (
                f"Family {self.family} belongs to class {self.family.electrolyte_class}, not to this one."
            )
        if errors:
            raise ValidationError(errors)

    def unique_error_message(self, model_class, unique_check):
        # The slug is the material's address: name the clashing one rather than "Material with this Slug".
        if tuple(unique_check) == ("slug",):
            return ValidationError(f"A material with slug {self.slug!r} already exists.", code="unique")
        return super().unique_error_message(model_class, unique_check)

    def derive_formula_columns(self) -> None:
        """Set the columns derived from ``formula`` (chemistry.material_formula), or raise ValidationError on
        formula. The services call it before every save, full_clean() or not, so the reduced and OPTIMADE
        formulas never go stale; the columns are left as they were on error."""
        try:
            derived = material_formula(
                self.formula,
                is_compound=self.kind == self.Kind.COMPOUND,
                max_optimade_length=type(self)._meta.get_field("optimade_formula_reduced").max_length,
            )
        except FormulaError as exc:
            raise ValidationError({"formula": str(exc)}) from None
        for name, value in derived.columns().items():
            setattr(self, name, value)


class Component(models.Model):
    """One constituent of a mixture electrolyte (polymer host, salt, plasticizer, filler...)."""

    class Role(models.TextChoices):
        POLYMER_HOST = "polymer_host", "Polymer host"
        LITHIUM_SALT = "lithium_salt", "Lithium salt"
        PLASTICIZER = "plasticizer", "Plasticizer or solvent"
        CERAMIC_FILLER = "ceramic_filler", "Ceramic filler"
        MONOMER = "monomer", "Monomer"
        INITIATOR = "initiator", "Initiator"
        CROSS_LINKER = "cross_linker", "Cross-linker"
        ADDITIVE = "additive", "Additive"
        FLAME_RETARDANT = "flame_retardant", "Flame retardant"

    class AmountUnit(models.TextChoices):
        WEIGHT_PERCENT = "wt%", "wt%"
        MOLE_PERCENT = "mol%", "mol%"
        VOLUME_PERCENT = "vol%", "vol%"
        MOLALITY = "mol/kg", "mol/kg (per kg of polymer)"
        MOLARITY = "mol/L", "mol/L"
        EO_LI = "EO:Li", "EO:Li molar ratio"

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="components")
    role = models.CharField(max_length=30, choices=Role.choices)
    name = models.CharField(max_length=200)
    formula = models.CharField(max_length=200, blank=True, help_text="Formula of an inorganic constituent.")
    # Text, not a bounded CharField: polymer repeat units in the open datasets run past 1,000 characters.
    smiles = models.TextField(blank=True, help_text="SMILES; polymer repeat units may mark chain ends.")
    amount = models.FloatField(null=True, blank=True, help_text="Amount, in amount_unit.")
    amount_unit = models.CharField(max_length=10, choices=AmountUnit.choices, blank=True)
    molecular_weight = models.FloatField(null=True, blank=True, help_text="Polymer molecular weight in g/mol.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["material", "position", "id"]
        indexes = [
            # The host polymer / salt filters (a word of the name: trigram index), salt molality and host Mw.
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="component_name_trgm"),
            models.Index(fields=["role", "amount"], name="component_role_amount"),
            models.Index(fields=["role", "molecular_weight"], name="component_role_mw"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True, amount_unit="") | Q(amount__isnull=False) & ~Q(amount_unit=""),
                name="component_amount_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="component_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=~Q(amount_unit__in=["wt%", "mol%", "vol%"]) | Q(amount__lte=100),
                name="component_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(molecular_weight__isnull=True) | Q(molecular_weight__gt=0),
                name="component_molecular_weight_positive",
            ),
        ]

    def __str__(self):
        amount = f" {self.amount:g} {self.amount_unit}" if self.amount is not None else ""
        return f"{self.name}{amount}"

    def clean(self):
        if self.formula:
            try:
                parse_formula(self.formula)
            except FormulaError as exc:
                raise ValidationError({"formula": str(exc)}) from None
