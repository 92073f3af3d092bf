"""The class page's conductivity histogram: counted per bin in the database, drafts and liquids left out."""

from __future__ import annotations

import json
import re

import pytest

from electrolytes.models import ElectrolyteClass, Material
from electrolytes.selectors.classes import conductivity_bins
from tests import factories
from tests.web.data import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def sulfides(properties):
    catalogue(2)  # headline sigma 1e-3 S/cm (log10 -3) and 2e-3 S/cm (log10 -2.70): both in the bin [-3, -2.5)
    low = factories.material("Low conductor", "Li3PS4", family_slug="argyrodite")
    factories.measurement(low, "ionic_conductivity", 0.3, "mS/cm", temperature=298.15)  # log10 -3.52: [-4, -3.5)
    factories.material("Unmeasured", "Li3PS4")  # no conductivity: not counted
    secret = factories.material("Secret", "Li6PS5Br", status="draft")
    factories.measurement(secret, "ionic_conductivity", 50, "mS/cm", temperature=298.15)


def test_bins_count_the_visible_headline_conductivities_per_half_decade(sulfides):
    members = Material.objects.published().filter(electrolyte_class=ElectrolyteClass.objects.get(slug="sulfide"))
    assert conductivity_bins(members) == {-6: 2, -8: 1}
    assert conductivity_bins(members.filter(name="Unmeasured")) == {}


def test_values_without_a_logarithm_are_counted_but_not_drawn(sulfides):
    members = Material.objects.filter(electrolyte_class__slug="sulfide")
    Material.objects.filter(name="Unmeasured").update(headline_conductivity=0.0)
    assert conductivity_bins(members) == {-6: 2, -8: 1, -3: 1, None: 1}  # the draft's 5e-2 S/cm: [-1.5, -1)


def test_class_page_draws_the_counted_bins(sulfides, client):
    html = client.get("/classes/sulfide/").content.decode()
    assert "3 materials with a conductivity measured from 20 °C to 30 °C." in re.sub(r"\s+", " ", html)
    data = json.loads(re.search(r'id="histogram-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    (trace,) = data["data"]
    assert (trace["x"], trace["y"]) == ([-3.75, -2.75], [1, 2])
    assert (trace["type"], trace["width"], data["layout"]["xaxis"]["range"]) == ("bar", 0.5, [-4.0, -2.5])


def test_a_class_without_measured_members_says_so_instead_of_drawing(sulfides, client):
    factories.electrolyte_class("halide", order=3)
    html = re.sub(r"\s+", " ", client.get("/classes/halide/").content.decode())
    assert "No material of this class has a conductivity measured from 20 °C to 30 °C yet." in html
    assert 'id="histogram-data"' not in html
