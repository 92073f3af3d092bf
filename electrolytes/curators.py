"""The curators group: who may write, in one list.

Migrations 0003, 0005, 0011, 0021, 0035 and 0039 built the group step by step as models arrived; this module
states what it holds now, so that a database whose group is gone (``manage.py flush`` empties every table,
and the group is data, not schema) gets it back whole from ``bootstrap``. A test checks that the list and
the migrated group agree, so a new permission migration without an entry here fails.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

GROUP_NAME = "curators"

# Curators add, change, delete and view the curated records; API tokens stay with their owners and the
# superuser (migration 0011), and jobs are only watched (0035).
CURATED_MODELS = (
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
    "routeconditionsource",
    "crystalstructure",
)
EXTRA_CODENAMES = ("add_importrun", "view_importrun", "view_job", "view_unpublished_material")
CODENAMES = frozenset(
    [f"{action}_{model}" for model in CURATED_MODELS for action in ("add", "change", "delete", "view")]
    + list(EXTRA_CODENAMES)
)


def curators_group() -> Group:
    """The curators group, re-created with its permissions when it is missing (after a flush)."""
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:
        create_permissions(apps.get_app_config("electrolytes"), verbosity=0)
        group.permissions.set(Permission.objects.filter(content_type__app_label="electrolytes", codename__in=CODENAMES))
    return group
