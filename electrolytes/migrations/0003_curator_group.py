from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED_MODELS = [
    "electrolyteclass",
    "structurefamily",
    "criterion",
    "classassessment",
    "reference",
    "material",
    "component",
    "propertydefinition",
    "measurement",
    "conductivityfit",
    "processingroute",
]


def create_curator_group(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for label in ("electrolytes", "authtoken"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curators")
    codenames = [f"{action}_{model}" for model in CURATED_MODELS for action in ("add", "change", "delete", "view")]
    codenames.append("view_unpublished_material")
    permissions = Permission.objects.filter(content_type__app_label="electrolytes", codename__in=codenames)
    group.permissions.add(*permissions)
    # Curators issue API tokens from the admin.
    group.permissions.add(*Permission.objects.filter(content_type__app_label="authtoken"))


def remove_curator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]
    operations = [migrations.RunPython(create_curator_group, remove_curator_group)]
