"""Data migrations, run against rows written with the historical models they start from."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("electrolytes", "0009_material_optimade_formulas")
AFTER = ("electrolytes", "0010_backfill_material_optimade_formulas")


def migrate_to(target: tuple[str, str]):
    """The app registry of the migration state at ``target``, after migrating the database there."""
    # Rows written by a data migration leave deferred constraint triggers pending inside the test's
    # transaction; PostgreSQL refuses a later ALTER TABLE until they have fired.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db
def test_backfill_sets_the_optimade_formulas_of_compounds_only():
    # The test database is fully migrated; step back to the schema that has the columns but no values.
    apps = migrate_to(BEFORE)
    try:
        ElectrolyteClass = apps.get_model("electrolytes", "ElectrolyteClass")
        Material = apps.get_model("electrolytes", "Material")
        cls = ElectrolyteClass.objects.create(slug="oxide", name="Oxide", category="inorganic")
        common = {"electrolyte_class": cls, "status": "published"}
        Material.objects.create(
            name="LATP",
            slug="latp",
            formula="Li1.3Al0.3Ti1.7(PO4)3",
            composition={"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3.0, "O": 12.0},
            **common,
        )
        Material.objects.create(
            name="LGPS",
            slug="lgps",
            formula="Li10GeP2S12",
            composition={"Li": 10.0, "Ge": 1.0, "P": 2.0, "S": 12.0},
            **common,
        )
        Material.objects.create(name="PEO-LiTFSI", slug="peo", kind="mixture", **common)

        apps = migrate_to(AFTER)
        rows = apps.get_model("electrolytes", "Material").objects.order_by("slug")
        assert list(rows.values_list("slug", "optimade_formula_reduced", "optimade_formula_anonymous")) == [
            ("latp", "Al3Li13O120P30Ti17", "A120B30C17D13E3"),
            ("lgps", "GeLi10P2S12", "A12B10C2D"),
            ("peo", "", ""),
        ]
    finally:
        # Fire the deferred foreign-key checks of the rows above first: later migrations ALTER the material
        # table, which PostgreSQL refuses while trigger events are pending in the same transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("electrolytes")[0])


@pytest.mark.django_db
def test_curators_lose_the_token_permissions():
    before, after = (
        ("electrolytes", "0010_backfill_material_optimade_formulas"),
        (
            "electrolytes",
            "0011_curators_without_token_permissions",
        ),
    )
    apps = migrate_to(before)
    try:
        group = apps.get_model("auth", "Group").objects.get(name="curators")
        token_permissions = group.permissions.filter(content_type__app_label="authtoken")
        assert sorted(token_permissions.values_list("codename", flat=True)) == [
            "add_token", "add_tokenproxy", "change_token", "change_tokenproxy",
            "delete_token", "delete_tokenproxy", "view_token", "view_tokenproxy",
        ]  # fmt: skip
        kept = group.permissions.exclude(content_type__app_label="authtoken").count()

        apps = migrate_to(after)
        group = apps.get_model("auth", "Group").objects.get(name="curators")
        assert not group.permissions.filter(content_type__app_label="authtoken").exists()
        assert group.permissions.count() == kept
    finally:
        migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("electrolytes")[0])


@pytest.mark.django_db
def test_class_inference_migration_moves_imported_compounds_and_keeps_curated_ones(capsys):
    apps = migrate_to(("electrolytes", "0016_material_class_origin_family_rule"))
    try:
        ElectrolyteClass = apps.get_model("electrolytes", "ElectrolyteClass")
        StructureFamily = apps.get_model("electrolytes", "StructureFamily")
        Material = apps.get_model("electrolytes", "Material")
        oxide = ElectrolyteClass.objects.create(slug="oxide", name="Oxide", category="inorganic")
        sulfide = ElectrolyteClass.objects.create(slug="sulfide", name="Sulfide", category="inorganic")
        halide = ElectrolyteClass.objects.create(slug="halide", name="Halide", category="inorganic")
        li3mx6 = StructureFamily.objects.create(slug="li3mx6-halide", name="Li3MX6 halide", electrolyte_class=halide)
        imported = "Imported from the OBELiX dataset."

        def compound(slug, formula, composition, cls, description=imported, family=None):
            Material.objects.create(
                name=formula, slug=slug, formula=formula, composition=composition, electrolyte_class=cls,
                family=family, description=description, status="published",
            )  # fmt: skip

        compound("tellurate", "LiMn2TeO6", {"Li": 1, "Mn": 2, "Te": 1, "O": 6}, sulfide,
                 imported + " Class inferred from the anions: contains Te, so sulfide.")  # fmt: skip
        compound("li3n", "Li3N", {"Li": 3, "N": 1}, oxide)
        compound("lif", "Li6NBr3", {"Li": 6, "N": 1, "Br": 3}, halide, family=li3mx6)
        compound("li3ycl6", "Li3YCl6", {"Li": 3, "Y": 1, "Cl": 6}, halide, family=li3mx6)
        compound("curated-li3n", "Li3N", {"Li": 3, "N": 1}, oxide, description="A curator's record.")

        apps = migrate_to(("electrolytes", "0017_infer_material_classes"))
        Material = apps.get_model("electrolytes", "Material")
        rows = {
            m.slug: (m.electrolyte_class.slug, m.class_origin, m.family.slug if m.family else None, m.family_label)
            for m in Material.objects.select_related("electrolyte_class", "family")
        }
        assert rows == {
            "tellurate": ("oxide", "inferred", None, ""),
            "li3n": ("nitride", "inferred", None, ""),
            "lif": ("nitride", "inferred", None, "Li3MX6 halide"),
            "li3ycl6": ("halide", "inferred", "li3mx6-halide", ""),
            "curated-li3n": ("oxide", "curated", None, ""),
        }
        tellurate = Material.objects.get(slug="tellurate")
        assert tellurate.description == imported
        assert tellurate.class_rule == "anion O (pymatgen oxidation-state guess), so oxide"
        assert Material.objects.get(slug="lif").family_mismatch == ("does not fit Li3MX6 halide: it is a halide family")
        printed = capsys.readouterr().out
        assert "  class: LiMn2TeO6: sulfide -> oxide (anion O (pymatgen oxidation-state guess), so oxide)" in printed
        assert "  family: Li6NBr3: li3mx6-halide -> -" in printed
        assert "3 material(s) changed class, 1 changed family." in printed
    finally:
        migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes("electrolytes")[0])


def test_stored_headline_labels_of_references_without_authors_become_their_citations(properties):
    from electrolytes import services
    from electrolytes.evidence import compute_headlines
    from electrolytes.models import PropertyDefinition, PropertyHeadline
    from tests import factories

    journal = factories.reference(
        "frontiers2021-nasicon-esw", title="Windows of NASICONs", journal="Frontiers in Chemistry", year=2021
    )
    titled = factories.reference("aenm2025-pegda", title="Molecular crowding in a PEGDA gel made in situ", year=2025)
    pending = factories.reference("doi-10-1-x", doi="10.1/x", title="Paper with DOI 10.1/x", year=None)
    authored = factories.reference("kato2016", authors=["Kato, Y.", "Hori, S."], year=2016)
    dataset = factories.reference("open-set", kind="dataset", title="Open conductivity set", year=2020)
    latp = factories.material("LATP", "Li1.3Al0.3Ti1.7P3O12", electrolyte_class_slug="oxide")
    for value, ref in ((1, journal), (2, titled), (3, pending), (4, authored)):
        factories.measurement(latp, "ionic_conductivity", value, "mS/cm", temperature=298, ref=ref)
    services.measurement_create(  # a dataset's row, cited by no paper
        material=latp, property=PropertyDefinition.objects.get(key="ionic_conductivity"), value=5, unit="mS/cm",
        temperature=298, temperature_unit="K", reference=None, source_dataset=dataset, source_row="7", refit=False,
    )  # fmt: skip
    stored = PropertyHeadline.objects.filter(material=latp, property__key="ionic_conductivity")
    fresh = stored.get().sources
    # The labels as the old rule stored them, in its order: a reference without authors named by its key.
    old = {
        "Frontiers in Chemistry (2021)": "frontiers2021-nasicon-esw (2021)",
        "Molecular crowding in a PEGDA gel made… (2025)": "aenm2025-pegda (2025)",
        "Open conductivity set (2020) row 7": "open-set (2020) row 7",
    }
    renamed = [{**s, "source": old.get(s["source"], s["source"])} for s in fresh]
    stored.update(sources=sorted(renamed, key=lambda s: (s["source"], s["value"])))
    assert {s["source"] for s in stored.get().sources} >= set(old.values())

    migrate_to(("electrolytes", "0046_reference_list_orders"))
    migrate_to(("electrolytes", "0048_sort_relabelled_headline_sources"))
    assert stored.get().sources == fresh == compute_headlines([latp.pk])[(latp.pk, "ionic_conductivity")].sources
    assert [s["source"] for s in fresh] == [
        "Frontiers in Chemistry (2021)", "Kato et al. (2016)", "Molecular crowding in a PEGDA gel made… (2025)",
        "Open conductivity set (2020) row 7", "doi:10.1/x (metadata pending)",
    ]  # fmt: skip
