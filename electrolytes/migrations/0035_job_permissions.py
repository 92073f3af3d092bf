from django.contrib.auth.management import create_permissions
from django.db import migrations

# Curators follow the jobs they start; jobs are made by the upload page and the commands, never edited.
CODENAMES = ["view_job"]


def grant_job_permissions(apps, schema_editor):
    # Permissions are normally created after migrations; make sure the Job ones exist now.
    app_config = apps.get_app_config("electrolytes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curators")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="electrolytes", codename__in=CODENAMES))


def revoke_job_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curators").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="electrolytes", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0034_job"),
        ("electrolytes", "0003_curator_group"),
    ]
    operations = [migrations.RunPython(grant_job_permissions, revoke_job_permissions)]
