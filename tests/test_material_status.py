"""Publishing and unpublishing are services: all the selected materials change or, on any error, none."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from electrolytes import services
from electrolytes.models import Material
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(db):
    return [
        factories.material(name, formula, status="draft")
        for name, formula in (("LGPS", "Li10GeP2S12"), ("LPS", "Li3PS4"))
    ]


def _statuses() -> dict[str, str]:
    return dict(Material.objects.order_by("name").values_list("name", "status"))


def _fail_on(monkeypatch, name: str) -> None:
    """The save of material ``name`` fails, as a database error would, after the others were saved."""
    save = Material.save

    def failing(self, *args, **kwargs):
        if self.name == name:
            raise RuntimeError("database went away")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Material, "save", failing)


def test_a_failed_publish_action_publishes_none(drafts, curator, monkeypatch):
    request = RequestFactory().post("/admin/electrolytes/material/")
    request.user = curator
    model_admin = site._registry[Material]
    _fail_on(monkeypatch, "LPS")
    with pytest.raises(RuntimeError):
        model_admin.publish(request, Material.objects.order_by("name"))  # LGPS first, then LPS fails
    assert _statuses() == {"LGPS": "draft", "LPS": "draft"}


def test_set_status_changes_every_material_and_counts_them(drafts):
    assert services.materials_set_status(materials=Material.objects.all(), status="published") == 2
    assert _statuses() == {"LGPS": "published", "LPS": "published"}
    assert services.materials_set_status(materials=Material.objects.filter(name="LPS"), status="draft") == 1
    assert _statuses() == {"LGPS": "published", "LPS": "draft"}


def test_set_status_refuses_an_unknown_status(drafts):
    with pytest.raises(ValidationError) as caught:
        services.materials_set_status(materials=Material.objects.all(), status="public")
    assert caught.value.message_dict == {"status": ["Unknown status 'public'; use one of: draft, review, published."]}
    assert _statuses() == {"LGPS": "draft", "LPS": "draft"}
