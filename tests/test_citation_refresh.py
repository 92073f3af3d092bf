"""A stored headline names its sources by their citations (Reference.citation): every write that changes how a
reference is cited (the API and services, the admin, a BibTeX import; Crossref in tests/test_crossref.py) relabels
the headlines it is a source of, in the same transaction."""

from __future__ import annotations

import pytest

from electrolytes import services
from electrolytes.importers.bibtex import BibtexSource
from electrolytes.importers.engine import run_import
from electrolytes.models import PropertyHeadline, Reference
from tests import factories

pytestmark = pytest.mark.django_db

DOI = "10.1038/nmat3066"


@pytest.fixture
def cited(properties):
    """Two conflicting conductivities of one material, one from a paper known by its DOI alone."""
    pending = factories.reference("doi-10-1038-nmat3066", doi=DOI, title=f"Paper with DOI {DOI}", year=None)
    other = factories.reference("other", title="Another look at LGPS", authors=["Roe, R."], year=2019)
    lgps = factories.material("LGPS", "Li10GeP2S12")
    factories.measurement(lgps, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=pending)
    factories.measurement(lgps, "ionic_conductivity", 0.1, "mS/cm", temperature=298, ref=other)
    return lgps, pending


def source_labels(material) -> list[str]:
    headline = PropertyHeadline.objects.get(material=material, property__key="ionic_conductivity")
    return sorted(s["source"] for s in headline.sources)


def test_the_stored_labels_start_as_the_citations(cited):
    lgps, _ = cited
    assert source_labels(lgps) == ["Roe (2019)", f"doi:{DOI} (metadata pending)"]


def test_a_reference_saved_with_its_authors_relabels_the_headlines_it_is_a_source_of(cited):
    lgps, pending = cited
    pending.title, pending.authors, pending.year = "A lithium superionic conductor", ["Kamaya, N.", "Homma, K."], 2011
    services.reference_save(reference=pending)
    assert source_labels(lgps) == ["Kamaya et al. (2011)", "Roe (2019)"]


def test_a_curator_edit_in_the_admin_relabels_the_headlines(cited, curator_client):
    lgps, pending = cited
    response = curator_client.post(
        f"/admin/electrolytes/reference/{pending.pk}/change/",
        {
            "key": pending.key, "kind": "article", "doi": DOI, "title": "A lithium superionic conductor",
            "authors": '["Kamaya, N."]', "journal": "Nature Materials", "year": "2011", "volume": "", "pages": "",
            "url": "", "licence": "", "notes": "", "status": pending.status,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Reference.objects.get(pk=pending.pk).authors == ["Kamaya, N."]
    assert source_labels(lgps) == ["Kamaya (2011)", "Roe (2019)"]


def test_a_bibtex_import_filling_the_authors_relabels_the_headlines(cited):
    lgps, _ = cited
    bib = (
        "@article{Kamaya2011, title = {A lithium superionic conductor}, author = {Kamaya, Noriaki and Homma, Kenji},"
        " journal = {Nature Materials}, year = {2011}, doi = {10.1038/nmat3066}}"
    )
    report = run_import(BibtexSource(), bib, file_name="refs.bib")
    assert (report.updated, report.rejected) == (1, 0)
    assert source_labels(lgps) == ["Kamaya et al. (2011)", "Roe (2019)"]


def test_a_save_that_leaves_the_citation_as_it_was_rewrites_no_headline(cited):
    lgps, _ = cited
    other = Reference.objects.get(key="other")
    before = PropertyHeadline.objects.get(material=lgps, property__key="ionic_conductivity").pk
    other.notes = "Checked against the paper."
    services.reference_save(reference=other)
    # Rewritten headlines are new rows: the same primary key means none was rewritten.
    assert PropertyHeadline.objects.get(material=lgps, property__key="ionic_conductivity").pk == before
