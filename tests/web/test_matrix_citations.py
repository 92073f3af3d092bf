"""Class matrix cells cite their own references by author and year, linked to the reference page."""

from __future__ import annotations

import re

import pytest

from electrolytes.models import ClassAssessment, Criterion, Reference
from electrolytes.templatetags.kb_citation import citation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(properties):
    ionic = Criterion.objects.create(slug="ionic", name="Ionic conductivity", display_order=1)
    sulfide = factories.electrolyte_class("sulfide")
    halide = factories.electrolyte_class("halide", order=2)
    one = ClassAssessment.objects.create(electrolyte_class=sulfide, criterion=ionic, rating=2, explanation="Fast.")
    one.references.add(
        factories.reference("kato2016", authors=["Kato, Y.", "Hori, S."], year=2016),
        factories.reference("perspective", authors=[], journal="National Science Open", year=2023),
    )
    two = ClassAssessment.objects.create(electrolyte_class=halide, criterion=ionic, rating=1, explanation="Good.")
    two.references.add(factories.reference("solo", authors=["Asano, T."], year=2018))
    return one, two


def test_each_cell_links_its_references_by_citation(cells, client):
    html = client.get("/classes/").content.decode()
    refs = re.findall(r'<p class="refs">(.*?)</p>', html)
    assert sorted(refs) == [
        '<a href="/references/perspective/">National Science Open (2023)</a>; '
        '<a href="/references/kato2016/">Kato et al. (2016)</a>',
        '<a href="/references/solo/">Asano (2018)</a>',
    ]
    for key in ("kato2016", "perspective", "solo"):
        assert f">{key}<" not in html


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"authors": ["Kato, Y.", "Hori, S."], "year": 2016}, "Kato et al. (2016)"),
        ({"authors": ["Asano, T."], "year": 2018}, "Asano (2018)"),
        ({"authors": [], "journal": "Advanced Science", "year": 2017}, "Advanced Science (2017)"),
        (
            {"journal": "", "title": "Water-mediated synthesis of a halide", "year": None},
            "Water-mediated synthesis of a halide (n.d.)",
        ),
        (
            {"journal": "", "title": "A very long title that goes on about halide electrolytes", "year": 2019},
            "A very long title that goes on about… (2019)",
        ),
        ({"doi": "10.1/x", "title": "Paper with DOI 10.1/x"}, "doi:10.1/x (metadata pending)"),
    ],
)
def test_citation_never_falls_back_to_the_key(fields, expected):
    reference = Reference(key="secret-key", **{"title": "T", "authors": [], **fields})
    assert citation(reference) == str(reference) == reference.citation == expected
    assert "secret-key" not in citation(reference)


def test_curated_matrix_never_shows_a_reference_key(knowledge, client):
    html = client.get("/classes/").content.decode()
    cells = re.findall(r'<p class="refs">(.*?)</p>', html)
    assert len(cells) == ClassAssessment.objects.count()
    links = [link for cell in cells for link in re.findall(r'<a href="/references/([^/]+)/">([^<]+)</a>', cell)]
    references = {r.key: r for r in Reference.objects.filter(key__in={key for key, _ in links})}
    for key, text in links:
        assert text == citation(references[key])
        assert key not in text
    assert "National Science Open (2023)" in {text for _, text in links}
