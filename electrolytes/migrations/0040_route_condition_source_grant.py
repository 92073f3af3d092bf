from django.contrib.auth.management import create_permissions
from django.db import migrations

# Curators source route conditions as they edit routes: they get every right on the new model (data migration,
# kept apart from 0039's schema).
CODENAMES = [f"{action}_routeconditionsource" for action in ("add", "change", "delete", "view")]


def grant_condition_source_permissions(apps, schema_editor):
    # Permissions are normally created after migrations; make sure the new model's exist now.
    app_config = apps.get_app_config("electrolytes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curators")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="electrolytes", codename__in=CODENAMES))


def revoke_condition_source_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curators").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="electrolytes", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0039_route_condition_source"),
        ("electrolytes", "0003_curator_group"),
    ]

    operations = [
        migrations.RunPython(grant_condition_source_permissions, revoke_condition_source_permissions),
    ]
