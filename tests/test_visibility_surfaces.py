"""Every public surface (pages, API list and detail endpoints, CSV, BibTeX, OPTIMADE entries) takes who sees
drafts from one module, electrolytes.selectors.visibility: a draft never shows to anonymous visitors or readers,
and replacing that module's rule by one that hides everything empties every surface."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db.models import Q

from electrolytes.models import ProcessingRoute
from electrolytes.selectors import visibility
from tests import factories

pytestmark = pytest.mark.django_db

# {m}: the material's slug, {v}: the id of one of its values, {r}: the key of the reference only it cites.
SURFACES = [
    "/materials/",
    "/materials.csv",
    "/materials/{m}/",
    "/compare/?materials={m},plainite",
    "/classes/sulfide/",
    "/processing/",
    "/references/",
    "/references/{r}/",
    "/references/{r}/bibtex/",
    "/api/v1/materials/",
    "/api/v1/materials/{m}/",
    "/api/v1/measurements/",
    "/api/v1/measurements/{v}/",
    "/api/v1/measurements/?format=csv",
    "/api/v1/references/",
    "/api/v1/references/{r}/",
    "/api/v1/references/?format=bibtex",
    "/api/v1/processing-routes/",
    "/optimade/v1/structures",
    "/optimade/v1/structures/{m}",
    "/optimade/v1/references",
    "/optimade/v1/references/{r}",
]
OPTIMADE = [url for url in SURFACES if url.startswith("/optimade/")]  # anonymous by definition: curators too


def _record(slug: str, formula: str, status: str):
    """A material with a value, a processing route and a reference nothing else cites, each named with ``formula``
    (a page that echoes a requested slug back does not show the record)."""
    ref = factories.reference(f"{slug}2024", title=f"{formula} paper", doi=f"10.1234/{slug}")
    material = factories.material(f"{formula} sample", formula, slug=slug, status=status)
    value = factories.measurement(material, "ionic_conductivity", 1, "mS/cm", temperature=298, ref=ref)
    ProcessingRoute.objects.create(
        slug=f"{slug}-route", name=f"{formula} route", route_type="ball_milling", mode="ex_situ",
        electrolyte_class=material.electrolyte_class, material=material, reference=ref,
    )  # fmt: skip
    return {"m": slug, "v": value.pk, "r": ref.key}


@pytest.fixture
def records(properties):
    cache.clear()
    factories.material("Plainite", "Li3PS4", slug="plainite")  # a second public material for the compare page
    return _record("hidden", "Li3YCl6", "draft"), _record("shown", "Li10GeP2S12", "published")


def _shows(client, url: str, ids: dict, formula: str) -> bool:
    """Whether the page shows the record: its formula or the key of its reference (values name their source)."""
    response = client.get(url.format(**ids))
    assert response.status_code in (200, 404), (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode().lower()
    return response.status_code == 200 and (formula.lower() in text or ids["r"] in text)


def test_a_draft_shows_on_no_public_surface(records, anonymous_client, reader_client, curator_client):
    draft, published = records
    for client in (anonymous_client, reader_client):
        assert [url for url in SURFACES if _shows(client, url, draft, "Li3YCl6")] == []
        assert [url for url in SURFACES if not _shows(client, url, published, "Li10GeP2S12")] == []
    # Curators see the draft everywhere but on OPTIMADE, which answers as the public.
    assert [url for url in SURFACES if not _shows(curator_client, url, draft, "Li3YCl6")] == OPTIMADE


def test_every_surface_takes_its_rule_from_the_visibility_module(records, anonymous_client, monkeypatch):
    _, published = records
    monkeypatch.setattr(visibility, "published", lambda prefix="": Q(**{f"{prefix}pk__in": []}))
    assert [url for url in SURFACES if _shows(anonymous_client, url, published, "Li10GeP2S12")] == []
    summary = anonymous_client.get("/").context["summary"]
    assert (summary["material_count"], summary["measurement_count"], summary["reference_count"]) == (0, 0, 0)
