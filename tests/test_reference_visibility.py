"""A reference is public only when a published record cites it or a curator published it: one rule
(selectors.visible_references), checked on every surface that shows references."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from electrolytes import selectors
from electrolytes.models import ClassAssessment, Criterion, ElectrolyteClass, ProcessingRoute, Reference
from electrolytes.services import material_update
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "secret2024"
SECRET_TITLE = "Unpublished halide superionic conductor"
SECRET_DOI = "10.1234/secret.2024"


@pytest.fixture
def refs(properties):
    """A published material citing 'public2020'; a draft citing 'secret2024' (its only citation)."""
    public = factories.reference("public2020", title="Published argyrodite study", doi="10.1234/public.2020")
    secret = factories.reference(SECRET, title=SECRET_TITLE, doi=SECRET_DOI, authors=["Hidden, Ada"])
    published = factories.material("LPSCl", "Li6PS5Cl", slug="lpscl")
    draft = factories.material("LYC", "Li3YCl6", slug="lyc", status="draft")
    factories.measurement(published, "ionic_conductivity", 2, "mS/cm", temperature=298, ref=public)
    factories.measurement(draft, "ionic_conductivity", 1, "mS/cm", temperature=298, ref=secret)
    return public, secret, draft


def keys(user) -> list[str]:
    return sorted(selectors.visible_references(user=user).values_list("key", flat=True))


def test_rule_draft_only_reference_is_for_curators(refs, reader, curator):
    assert keys(AnonymousUser()) == keys(reader) == ["public2020"]
    assert keys(curator) == ["public2020", SECRET]


def test_rule_follows_the_publication_of_the_citing_material(refs):
    _, _, draft = refs
    material_update(material=draft, status="published")
    assert keys(AnonymousUser()) == ["public2020", SECRET]
    material_update(material=draft, status="review")
    assert keys(AnonymousUser()) == ["public2020"]


def test_rule_a_curator_published_reference_is_public_uncited(refs):
    Reference.objects.filter(key=SECRET).update(status="published")
    factories.reference("lonely2019", title="Cited by nothing")
    assert keys(AnonymousUser()) == ["public2020", SECRET]


def test_rule_dataset_fit_route_and_assessment_citations_count(refs):
    public, _, draft = refs
    published = factories.material("LGPS", "Li10GeP2S12", slug="lgps")
    dataset = factories.reference("dataset2021", kind="dataset", title="A dataset")
    factories.measurement(published, "activation_energy", 0.3, "eV", ref=public, source_dataset=dataset)
    route_ref = factories.reference("route2018", title="Milling route")
    cls = ElectrolyteClass.objects.get(slug="sulfide")
    ProcessingRoute.objects.create(
        slug="milling", name="Milling", route_type="ball_milling", mode="ex_situ", electrolyte_class=cls,
        reference=route_ref,
    )  # fmt: skip
    draft_route_ref = factories.reference("draftroute2022", title="Route of a draft")
    ProcessingRoute.objects.create(
        slug="draft-route", name="Draft route", route_type="ball_milling", mode="ex_situ", electrolyte_class=cls,
        material=draft, reference=draft_route_ref,
    )  # fmt: skip
    matrix_ref = factories.reference("matrix2017", title="Class review")
    cell = ClassAssessment.objects.create(
        electrolyte_class=cls, criterion=Criterion.objects.create(slug="cost", name="Cost"), rating=1, explanation="x"
    )
    cell.references.add(matrix_ref)
    assert keys(AnonymousUser()) == ["dataset2021", "matrix2017", "public2020", "route2018"]


# --- every surface: absent for anonymous visitors, present for curators ---------------------------------


def test_reference_list_page(refs, anonymous_client, curator_client):
    public = anonymous_client.get("/references/").content.decode()
    assert "Published argyrodite study" in public
    assert SECRET_TITLE not in public and SECRET_DOI not in public and "Hidden" not in public
    assert SECRET_TITLE in curator_client.get("/references/").content.decode()


@pytest.mark.parametrize("url", [f"/references/{SECRET}/", f"/references/{SECRET}/bibtex/"])
def test_reference_page_and_bibtex(refs, anonymous_client, reader_client, curator_client, url):
    assert anonymous_client.get(url).status_code == 404
    assert reader_client.get(url).status_code == 404
    response = curator_client.get(url)
    assert response.status_code == 200
    assert SECRET_DOI in response.content.decode()
    assert anonymous_client.get(url.replace(SECRET, "public2020")).status_code == 200


def test_api_reference_list_and_bibtex(refs, anonymous_client, curator_client):
    body = anonymous_client.get("/api/v1/references/").json()
    assert [row["key"] for row in body["results"]] == ["public2020"]
    assert body["count"] == 1
    bibtex = b"".join(anonymous_client.get("/api/v1/references/?format=bibtex").streaming_content).decode()
    assert "public2020" in bibtex and SECRET not in bibtex and SECRET_DOI not in bibtex
    assert anonymous_client.get(f"/api/v1/references/?doi={SECRET_DOI}").json()["results"] == []
    curated = curator_client.get("/api/v1/references/").json()
    assert [row["key"] for row in curated["results"]] == ["public2020", SECRET]
    curated_bibtex = curator_client.get("/api/v1/references/?format=bibtex").streaming_content
    assert SECRET in b"".join(curated_bibtex).decode()


def test_api_reference_detail(refs, anonymous_client, curator_client):
    missing = anonymous_client.get(f"/api/v1/references/{SECRET}/")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert anonymous_client.get(f"/api/v1/references/{SECRET}/?format=bibtex").status_code == 404
    detail = curator_client.get(f"/api/v1/references/{SECRET}/").json()
    assert (detail["key"], detail["doi"], detail["status"]) == (SECRET, SECRET_DOI, "draft")


def test_optimade_references(refs, anonymous_client, curator_client):
    listing = anonymous_client.get("/optimade/v1/references").json()
    assert [entry["id"] for entry in listing["data"]] == ["public2020"]
    assert listing["meta"]["data_available"] == 1
    filtered = anonymous_client.get("/optimade/v1/references", {"filter": f'doi = "{SECRET_DOI}"'}).json()
    assert filtered["data"] == []
    assert anonymous_client.get(f"/optimade/v1/references/{SECRET}").status_code == 404
    # OPTIMADE is anonymous by design: a curator's session does not reveal drafts there either.
    assert [e["id"] for e in curator_client.get("/optimade/v1/references").json()["data"]] == ["public2020"]


def test_home_page_reference_count(refs, anonymous_client, curator_client):
    public = anonymous_client.get("/")
    assert public.context["summary"]["reference_count"] == 1
    assert "<strong>1</strong> reference." in public.content.decode()
    assert curator_client.get("/").context["summary"]["reference_count"] == 2


def test_api_exposes_a_reference_status_curators_can_set(refs, curator_client, anonymous_client):
    response = curator_client.patch(
        f"/api/v1/references/{SECRET}/", {"status": "published"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Reference.objects.get(key=SECRET).status == "published"
    assert anonymous_client.get(f"/references/{SECRET}/").status_code == 200
