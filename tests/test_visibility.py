"""Drafts and records in review are for curators only."""

import pytest
from django.contrib.auth.models import AnonymousUser

from electrolytes import selectors
from tests import factories


@pytest.fixture
def mixed(properties):
    published = factories.material("Published LGPS", "Li10GeP2S12", status="published")
    draft = factories.material("Draft argyrodite", "Li6PS5Cl", status="draft")
    review = factories.material("Reviewed halide", "Li3InCl6", status="review", electrolyte_class_slug="halide")
    for material in (published, draft, review):
        factories.measurement(material, "ionic_conductivity", 1, "mS/cm", temperature=298)
    return published, draft, review


def test_public_and_readers_see_published_materials_only(mixed, reader):
    for user in (AnonymousUser(), reader):
        assert list(selectors.visible_materials(user=user).values_list("name", flat=True)) == ["Published LGPS"]
        assert selectors.visible_measurements(user=user).count() == 1


def test_curators_see_everything(mixed, curator):
    assert selectors.visible_materials(user=curator).count() == 3
    assert selectors.visible_measurements(user=curator).count() == 3


def test_material_lookup_is_404_for_drafts_unless_curator(mixed, reader, curator):
    from django.http import Http404

    _, draft, _ = mixed
    with pytest.raises(Http404):
        selectors.get_visible_material(slug=draft.slug, user=AnonymousUser())
    with pytest.raises(Http404):
        selectors.get_visible_material(slug=draft.slug, user=reader)
    assert selectors.get_visible_material(slug=draft.slug, user=curator) == draft


def test_draft_material_page_is_404_to_the_public(mixed, anonymous_client, curator_client):
    _, draft, _ = mixed
    assert anonymous_client.get(draft.get_absolute_url()).status_code == 404
    assert curator_client.get(draft.get_absolute_url()).status_code == 200


def test_home_page_counts_what_each_visitor_may_see(mixed, anonymous_client, curator_client):
    public = anonymous_client.get("/")
    assert public.status_code == 200
    summary = public.context["summary"]
    assert (summary["material_count"], summary["measurement_count"], summary["draft_count"]) == (1, 1, 0)
    counts = {cls.slug: cls.material_count for cls in summary["classes"]}
    assert counts == {"sulfide": 1, "halide": 0}
    assert "/admin/" not in public.content.decode().split("<main")[1]

    curated = curator_client.get("/")
    summary = curated.context["summary"]
    assert (summary["material_count"], summary["draft_count"]) == (3, 2)
    assert "/admin/electrolytes/material/?electrolyte_class__id__exact=" in curated.content.decode()
