"""Crystal structures of materials: lattice, sites with their occupancies, symmetry, the CIF as received,
where it came from and what is doubtful about it (electrolytes/crystal.py parses and checks)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class CrystalStructure(models.Model):
    class SourceKind(models.TextChoices):
        DATASET = "dataset", "Open dataset (entry of a dataset)"
        UPLOAD = "upload", "Curator upload"
        PAPER = "paper", "Paper (deposited with the article)"

    material = models.ForeignKey("electrolytes.Material", on_delete=models.CASCADE, related_name="structures")
    label = models.CharField(max_length=100, blank=True, help_text="Which structure this is, e.g. cubic, tetragonal.")
    is_representative = models.BooleanField(
        default=False, help_text="The structure shown first and served through OPTIMADE; one per material."
    )

    # Where it comes from
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_dataset = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dataset_structures",
        help_text="The dataset the CIF comes from (its licence and citation go with the structure).",
    )
    source_row = models.CharField(max_length=50, blank=True, help_text="The dataset's own id of the entry.")
    reference = models.ForeignKey(
        "electrolytes.Reference",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        help_text="The paper the structure was determined in, when known.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255, blank=True, help_text="Name of the CIF file as received.")
    cif_text = models.TextField(help_text="The CIF exactly as received.")
    cif_sha256 = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the CIF text.")
    parse_warnings = models.TextField(blank=True, help_text="What pymatgen warned about while reading the CIF.")

    # Cell (from the CIF, parsed by pymatgen)
    lattice_vectors = models.JSONField(help_text="The three lattice vectors as rows, in Å.")
    a = models.FloatField(help_text="Lattice parameter a in Å.")
    b = models.FloatField(help_text="Lattice parameter b in Å.")
    c = models.FloatField(help_text="Lattice parameter c in Å.")
    alpha = models.FloatField(help_text="Cell angle α in degrees.")
    beta = models.FloatField(help_text="Cell angle β in degrees.")
    gamma = models.FloatField(help_text="Cell angle γ in degrees.")
    volume = models.FloatField(help_text="Cell volume in Å³.")
    density = models.FloatField(help_text="Crystallographic density in g/cm³ (partial occupancies weighted).")
    sites = models.JSONField(
        help_text='Sites of the cell: [{"label", "species": {element: occupancy}, "abc": [x, y, z]}] with '
        "fractional coordinates; partial occupancies are kept as given."
    )
    nsites = models.PositiveIntegerField(help_text="Number of sites in the cell.")
    formula = models.CharField(max_length=200, help_text="Reduced formula of the cell's composition (pymatgen).")
    composition = models.JSONField(help_text="Atoms per cell as {element: amount}, occupancies summed.")
    elements = ArrayField(models.CharField(max_length=3), help_text="Sorted element symbols of the sites.")

    # Symmetry
    space_group_given = models.CharField(max_length=30, blank=True, help_text="Hermann-Mauguin symbol in the CIF.")
    space_group_number_given = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="International Tables number in the CIF."
    )
    space_group_found = models.CharField(
        max_length=30, blank=True, help_text="Hermann-Mauguin symbol spglib finds (symprec 0.01 Å)."
    )
    space_group_number_found = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="International Tables number spglib finds (symprec 0.01 Å)."
    )

    # Quality flags
    no_lithium = models.BooleanField(default=False, help_text="The structure holds no Li site.")
    composition_mismatch = models.BooleanField(
        default=False, help_text="The composition differs from the material's nominal one (beyond 0.01)."
    )
    composition_difference = models.FloatField(
        default=0,
        help_text="How much the compositions differ: half the L1 distance of the atomic fractions "
        "(0 identical, 1 nothing in common).",
    )
    is_close_match = models.BooleanField(
        default=False, help_text="A closely matching structure, not the one of the paper's own sample."
    )
    positions_perturbed = models.BooleanField(
        default=False, help_text="The source moved atomic positions slightly (OBELiX: noise of 0.01 fractional)."
    )
    has_partial_occupancy = models.BooleanField(
        default=False, help_text="Some site is shared by several elements or not fully occupied (disorder)."
    )
    mp_id = models.CharField(
        max_length=30, blank=True, help_text="Materials Project entry this structure matches, e.g. mp-985585."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["cif_text", "sites", "lattice_vectors"])

    class Meta:
        ordering = ["material", "-is_representative", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["material"], condition=Q(is_representative=True), name="structure_one_representative"
            ),
            models.UniqueConstraint(
                fields=["source_dataset", "source_row"],
                condition=~Q(source_row=""),
                name="structure_unique_dataset_row",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="dataset") | Q(source_dataset__isnull=False),
                name="structure_dataset_has_dataset",
            ),
            models.CheckConstraint(condition=Q(nsites__gt=0), name="structure_has_sites"),
            models.CheckConstraint(
                condition=Q(composition_difference__gte=0, composition_difference__lte=1),
                name="structure_composition_difference_range",
            ),
            models.CheckConstraint(
                condition=Q(a__gt=0, b__gt=0, c__gt=0, volume__gt=0), name="structure_cell_positive"
            ),
            models.CheckConstraint(condition=Q(mp_id="") | Q(mp_id__regex=r"^mp-\d+$"), name="structure_mp_id_shape"),
        ]
        indexes = [
            models.Index(fields=["nsites"], name="structure_nsites"),
        ]

    def __str__(self):
        label = f" ({self.label})" if self.label else ""
        return f"{self.formula}{label}, {self.space_group_given or self.space_group_found or 'no space group'}"

    @property
    def space_group_agrees(self) -> bool:
        return (
            self.space_group_number_given is None
            or self.space_group_number_found is None
            or self.space_group_number_given == self.space_group_number_found
        )
