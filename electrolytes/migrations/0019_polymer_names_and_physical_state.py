"""Existing databases: name the Bradford formulations' hosts from their repeat units ("PEO-LiTFSI, EO:Li 20:1,
Mw 600k" instead of "polymer 1a2b3c + ..."), and set every mixture's physical state (liquid: a host below
1,000 g/mol without a cross-linker; gel: the quasi-solid class; otherwise solid). Materials a curator has edited
keep their names."""

from django.db import migrations

BRADFORD = "Polymer electrolyte formulation from the Bradford et al. (2023) dataset."


def forwards(apps, schema_editor):
    from electrolytes import polymers
    from electrolytes.importers.formulations import salt_name

    Material = apps.get_model("electrolytes", "Material")
    HistoricalMaterial = apps.get_model("electrolytes", "HistoricalMaterial")
    edited = set(HistoricalMaterial.objects.filter(history_user__isnull=False).values_list("id", flat=True))
    renamed = liquid = 0
    for material in Material.objects.filter(kind="mixture").select_related("electrolyte_class").prefetch_related(
        "components"
    ):
        components = list(material.components.all())
        hosts = [c for c in components if c.role == "polymer_host"]
        salts = [c for c in components if c.role == "lithium_salt"]
        cross_linked = any(c.role == "cross_linker" for c in components)
        mw = hosts[0].molecular_weight if hosts else None
        state = "gel" if material.electrolyte_class.slug == "quasi-solid-polymer" else "solid"
        if state == "solid" and polymers.physical_state(mw, cross_linked=cross_linked) == "liquid":
            state, liquid = "liquid", liquid + 1
        changed = ["physical_state"] if state != material.physical_state else []
        material.physical_state = state
        if material.description.startswith(BRADFORD) and material.pk not in edited and hosts and hosts[0].smiles:
            try:
                host = polymers.host(hosts[0].smiles)
            except polymers.RepeatUnitError:
                host = None
            if host is not None:
                salt = salts[0] if salts else None
                name = polymers.formulation_name(
                    host, salt_name(salt.smiles) if salt else "", salt.amount if salt else None, mw
                )
                if hosts[0].name != host.abbreviation:
                    hosts[0].name = host.abbreviation
                    hosts[0].save(update_fields=["name"])
                if salt and salt.smiles and salt.name != salt_name(salt.smiles):
                    salt.name = salt_name(salt.smiles)
                    salt.save(update_fields=["name"])
                if name[:200] != material.name:
                    material.name, renamed = name[:200], renamed + 1
                    changed.append("name")
        if changed:
            material.save(update_fields=changed)
    if renamed or liquid:
        print(f"  {renamed} polymer formulation(s) renamed; {liquid} marked liquid.")


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0018_material_physical_state_component_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
