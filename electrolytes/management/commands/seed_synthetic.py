"""Fill a database with a large synthetic knowledge base for benchmarks.

The rows look like real electrolytes (sulfide, oxide, halide and polymer chemistries,
conductivities around room temperature, activation energies, stability windows) but
are made up. Every synthetic slug and key starts with ``syn-`` so they are never mixed
up with curated records; the command refuses to touch a database holding curated
materials or references unless ``--force`` is given.
"""

from __future__ import annotations

import io
import json
import math
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction
from django.utils import timezone

from electrolytes.chemistry import material_formula
from electrolytes.evidence import refresh_headlines
from electrolytes.models import Material

PREFIX = "syn-"
OPTIMADE_FORMULA_LENGTH = Material._meta.get_field("optimade_formula_reduced").max_length

# (class slug, category, family slug, formula templates); {x} is a substitution amount.
CHEMISTRIES = [
    ("sulfide", "inorganic", "argyrodite", ["Li6PS5{h}", "Li{a}PS{b}{h}{c}", "Li6PS5{h}{x}{h2}{y}"]),
    ("sulfide", "inorganic", "lgps", ["Li10{m}P2S12", "Li{a}{m}P2S12", "Li9.54Si1.74P1.44S11.7Cl0.3"]),
    ("sulfide", "inorganic", "thio-lisicon", ["Li3PS4", "Li{a}P{x}S4", "Li7P3S11"]),
    ("oxide", "inorganic", "garnet", ["Li7La3Zr2O12", "Li{a}La3Zr{b}Ta{x}O12", "Li{a}Al{x}La3Zr2O12"]),
    ("oxide", "inorganic", "nasicon", ["Li{a}Al{x}Ti{b}(PO4)3", "Li{a}Al{x}Ge{b}(PO4)3"]),
    ("oxide", "inorganic", "perovskite", ["Li{x}La{b}TiO3"]),
    ("halide", "inorganic", "halide-spinel", ["Li3Y{h}6", "Li3In{h}6", "Li{a}Zr{x}Y{b}{h}6", "Li2ZrCl6"]),
    ("polymer", "polymer", "", []),
]
HALOGENS = ["Cl", "Br", "I"]
METALS = ["Ge", "Si", "Sn"]
POLYMERS = ["PEO", "PVDF-HFP", "PAN", "PMMA", "PPC", "PEGDA", "PDOL"]
SALTS = ["LiTFSI", "LiFSI", "LiClO4", "LiPF6", "LiBOB"]
WORDS = [
    "superionic",
    "conductor",
    "interface",
    "stability",
    "dendrite",
    "lithium",
    "solid",
    "electrolyte",
    "doping",
    "sintering",
    "composite",
    "polymer",
    "window",
    "diffusion",
    "vacancy",
]


class Command(BaseCommand):
    help = (
        "Seed a large synthetic knowledge base (default 100,000 materials and 1,000,000 measurements) "
        "for benchmarks. Refuses a database with curated materials or references unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--materials", type=int, default=100_000, help="Number of materials (default 100000).")
        parser.add_argument(
            "--measurements", type=int, default=1_000_000, help="Number of measurements (default 1000000)."
        )
        parser.add_argument("--references", type=int, default=2_000, help="Number of references (default 2000).")
        parser.add_argument(
            "--database",
            default="default",
            help="A database alias from settings, or the name of another database on the same server.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data.")
        parser.add_argument("--batch-size", type=int, default=50_000, help="Rows per COPY batch.")
        parser.add_argument("--force", action="store_true", help="Seed even if curated records are present.")

    def handle(self, *args, **options) -> None:
        for name in ("materials", "measurements", "references", "batch_size"):
            if options[name] < (0 if name == "measurements" else 1):
                raise CommandError(f"--{name.replace('_', '-')} must be a positive number.")
        alias = self._alias(options["database"])
        self.rng = random.Random(options["seed"])  # synthetic data, not security
        connection = connections[alias]
        self._check_target(alias, force=options["force"])
        self._ensure_vocabulary(alias)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            self.now = timezone.now().isoformat()
            classes, families, properties = self._lookups(cursor)
            reference_ids = self._seed_references(cursor, options["references"])
            material_ids = self._seed_materials(cursor, options["materials"], classes, families, options["batch_size"])
            count = self._seed_measurements(
                cursor, material_ids, properties, reference_ids, options["measurements"], options["batch_size"]
            )
            if material_ids:
                self._seed_headlines(material_ids, alias)
        with connection.cursor() as cursor:
            # VACUUM as well: with autovacuum off the visibility map stays empty and counts cannot be
            # index-only scans. (Outside the transaction above; VACUUM cannot run inside one.)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # a test's transaction
            tables = ("electrolytes_material", "electrolytes_measurement", "electrolytes_propertyheadline")
            for table in (*tables, "electrolytes_reference"):
                cursor.execute(f"{command} {table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(material_ids)} materials, {count} measurements and {len(reference_ids)} references "
                f"into database {connection.settings_dict['NAME']!r}."
            )
        )

    # --- target database ---------------------------------------------------------------------

    def _alias(self, database: str) -> str:
        if database in connections.databases:
            return database
        alias = f"seed_{database}"
        connections.databases[alias] = {**settings.DATABASES["default"], "NAME": database}
        return alias

    def _check_target(self, alias: str, *, force: bool) -> None:
        from electrolytes.models import Material, Reference

        curated_materials = Material.objects.using(alias).exclude(slug__startswith=PREFIX).count()
        curated_references = Reference.objects.using(alias).exclude(key__startswith=PREFIX).count()
        if (curated_materials or curated_references) and not force:
            name = connections[alias].settings_dict["NAME"]
            raise CommandError(
                f"Database {name!r} holds curated data ({curated_materials} materials, {curated_references} "
                "references). Seed an empty database, or pass --force to add synthetic rows anyway."
            )

    def _ensure_vocabulary(self, alias: str) -> None:
        """Property definitions from the curated fixture, and classes/families when none exist."""
        from electrolytes.models import ElectrolyteClass, PropertyDefinition, StructureFamily

        if not PropertyDefinition.objects.using(alias).exists():
            fixture = Path(settings.BASE_DIR) / "fixtures" / "00_properties.json"
            call_command("loaddata", str(fixture), database=alias, verbosity=0)
        for order, (class_slug, category, family_slug, _templates) in enumerate(CHEMISTRIES):
            cls, _ = ElectrolyteClass.objects.using(alias).get_or_create(
                slug=class_slug,
                defaults={"name": class_slug.title(), "category": category, "display_order": order},
            )
            if family_slug and not StructureFamily.objects.using(alias).filter(slug=family_slug).exists():
                StructureFamily.objects.using(alias).create(
                    slug=family_slug, name=family_slug.replace("-", " ").title(), electrolyte_class=cls
                )

    def _lookups(self, cursor) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        cursor.execute("SELECT slug, id FROM electrolytes_electrolyteclass")
        classes = dict(cursor.fetchall())
        cursor.execute("SELECT slug, id FROM electrolytes_structurefamily")
        families = dict(cursor.fetchall())
        cursor.execute("SELECT key, id FROM electrolytes_propertydefinition")
        properties = dict(cursor.fetchall())
        return classes, families, properties

    # --- rows --------------------------------------------------------------------------------

    def _copy(self, cursor, table: str, columns: list[str], rows: Iterator[list]) -> None:
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_value(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)

    def _seed_references(self, cursor, count: int) -> list[int]:
        cursor.execute("SELECT count(*) FROM electrolytes_reference WHERE key LIKE %s", [PREFIX + "%"])
        start = cursor.fetchone()[0]
        rng = self.rng

        def rows():
            for n in range(start, start + count):
                title = " ".join(rng.sample(WORDS, 6)).capitalize()
                authors = json.dumps([f"Author{rng.randint(1, 500)}, A." for _ in range(rng.randint(1, 5))])
                yield [f"{PREFIX}ref-{n}", "article", f"10.99999/syn.{n}", title, authors, "Synthetic Journal",
                       rng.randint(1990, 2025), "", "", "", "", "", "draft"]  # fmt: skip

        # Draft: a synthetic reference is public through the published materials citing it, like an imported one.
        columns = ["key", "kind", "doi", "title", "authors", "journal", "year", "volume", "pages", "url", "licence",
                   "notes", "status"]  # fmt: skip
        self._copy(cursor, "electrolytes_reference", columns, rows())
        cursor.execute("SELECT id FROM electrolytes_reference WHERE key LIKE %s ORDER BY id", [PREFIX + "%"])
        return [row[0] for row in cursor.fetchall()]

    def _formula(self, template: str) -> str:
        rng = self.rng
        h = rng.choice(HALOGENS)
        values = {
            "h": h,
            "h2": rng.choice([x for x in HALOGENS if x != h]),
            "m": rng.choice(METALS),
            "a": f"{rng.randint(20, 75) / 10:g}",
            "b": f"{rng.randint(10, 50) / 10:g}",
            "c": f"{rng.randint(1, 20) / 10:g}",
            "x": f"{rng.randint(1, 9) / 10:g}",
            "y": f"{rng.randint(1, 9) / 10:g}",
        }
        return template.format(**values)

    def _seed_materials(self, cursor, count: int, classes: dict, families: dict, batch_size: int) -> list[int]:
        cursor.execute("SELECT count(*) FROM electrolytes_material WHERE slug LIKE %s", [PREFIX + "%"])
        start = cursor.fetchone()[0]
        rng = self.rng
        columns = ["name", "slug", "electrolyte_class_id", "family_id", "kind", "formula", "reduced_formula",
                   "elements", "nelements", "composition", "optimade_formula_reduced", "optimade_formula_anonymous",
                   "space_group", "icsd_ids", "mp_id", "description", "status", "created_at", "updated_at",
                   "class_origin", "class_rule", "family_label", "family_mismatch", "physical_state"]  # fmt: skip
        identity = ["curated", "", "", "", "solid"]  # synthetic rows: class as seeded, solid

        def rows(first: int, last: int):
            for n in range(first, last):
                class_slug, _category, family_slug, templates = rng.choice(CHEMISTRIES)
                status = "published" if rng.random() < 0.9 else rng.choice(["draft", "review"])
                words = " ".join(rng.sample(WORDS, 5))
                if templates:
                    formula = self._formula(rng.choice(templates))
                    parsed = _parse(formula)
                    yield [f"{formula} #{n}", f"{PREFIX}{n}", classes[class_slug], families.get(family_slug),
                           "compound", formula, parsed[0], parsed[1], len(parsed[1]), parsed[2], parsed[3], parsed[4],
                           "", [], "",
                           f"Synthetic {class_slug} electrolyte: {words}.", status, self.now, self.now,
                           *identity]  # fmt: skip
                else:
                    name = f"{rng.choice(POLYMERS)}-{rng.choice(SALTS)} #{n}"
                    description = f"Synthetic solid polymer electrolyte: {words}."
                    yield [name, f"{PREFIX}{n}", classes[class_slug], None, "mixture", "", "", [], 0, "{}", "", "",
                           "", [], "", description, status, self.now, self.now, *identity]  # fmt: skip

        for first in range(start, start + count, batch_size):
            last = min(first + batch_size, start + count)
            self._copy(cursor, "electrolytes_material", columns, rows(first, last))
            self.stdout.write(f"  materials: {last - start}/{count}")
        cursor.execute("SELECT id FROM electrolytes_material WHERE slug LIKE %s ORDER BY id", [PREFIX + "%"])
        return [row[0] for row in cursor.fetchall()][start:]

    def _seed_headlines(self, material_ids: list[int], alias: str) -> None:
        """The stored headlines of the seeded materials, decided by electrolytes.evidence's one rule (the
        rebuild path, in batches: one query per batch for the candidates, bulk writes for the results)."""
        rows = refresh_headlines(material_ids, using=alias)
        self.stdout.write(f"  headlines: {rows} stored")

    def _seed_measurements(
        self, cursor, material_ids: list[int], properties: dict, reference_ids: list[int], count: int, batch_size: int
    ) -> int:
        rng = self.rng
        columns = ["material_id", "property_id", "value", "reported_value", "reported_unit", "qualifier",
                   "temperature_k", "temperature_nominal", "measured_part", "method", "is_extrapolated",
                   "is_derived", "reference_id",
                   "source_row", "notes", "flag", "flag_reason", "created_at", "updated_at"]  # fmt: skip
        per_material = max(1, math.ceil(count / max(1, len(material_ids))))

        def measurement(material_id: int, slot: int) -> list:
            reference = rng.choice(reference_ids)
            if slot == 1:
                key, value, unit, temperature = "activation_energy", rng.uniform(0.15, 0.6), "eV", None
            elif slot == 2:
                key, value, unit, temperature = "oxidation_limit", rng.uniform(2.0, 5.5), "V", None
            elif slot == 3:
                key, value, unit, temperature = "reduction_limit", rng.uniform(0.0, 2.0), "V", None
            elif slot == 4:
                key, value, unit, temperature = "transference_number", rng.uniform(0.2, 1.0), "1", None
            else:
                # Conductivities on a temperature ramp; slot 0 is at room temperature.
                temperature = 298.15 if slot == 0 else round(rng.uniform(253, 373), 1)
                key, value, unit = "ionic_conductivity", 10 ** rng.uniform(-9, -1.7), "S/cm"
            return [material_id, properties[key], value, f"{value:.4g}", unit, "=", temperature, False, "total",
                    "eis", False, False, reference, "", "", "", "", self.now, self.now]  # fmt: skip

        def rows(first: int, last: int):
            for n in range(first, last):
                yield measurement(material_ids[(n // per_material) % len(material_ids)], n % per_material)

        for first in range(0, count, batch_size):
            last = min(first + batch_size, count)
            self._copy(cursor, "electrolytes_measurement", columns, rows(first, last))
            self.stdout.write(f"  measurements: {last}/{count}")
        return count


@lru_cache(maxsize=100_000)
def _parse(formula: str) -> tuple[str, list[str], str, str, str]:
    """The derived columns the services would set for a compound with this formula (chemistry.material_formula)."""
    derived = material_formula(formula, is_compound=True, max_optimade_length=OPTIMADE_FORMULA_LENGTH)
    return (
        derived.reduced_formula,
        derived.elements,
        json.dumps(derived.composition),
        derived.optimade_formula_reduced,
        derived.optimade_formula_anonymous,
    )


def _copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        return "{" + ",".join(str(item) for item in value) + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
