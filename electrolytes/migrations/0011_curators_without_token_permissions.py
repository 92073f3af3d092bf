"""Curators manage only their own API token (on their "my API token" page); the Token and TokenProxy
permissions that 0003 gave the group let a curator read every user's key and mint one for the superuser."""

from django.db import migrations


def revoke_token_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curators").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="authtoken"))


def restore_token_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="curators").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="authtoken"))


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0010_backfill_material_optimade_formulas"),
        ("electrolytes", "0003_curator_group"),
    ]
    operations = [migrations.RunPython(revoke_token_permissions, restore_token_permissions)]
