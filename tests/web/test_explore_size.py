"""The explore map on a large knowledge base: one JSON figure in a json_script element, points that would
cover the same spot drawn once, a bounded page size, and the counts saying what was drawn."""

from __future__ import annotations

import json
import math
import random
import re

import pytest

from electrolytes import charts
from electrolytes.models import Material
from tests import factories

pytestmark = pytest.mark.django_db


class P:
    def __init__(self, x, y, name=""):
        self.x, self.y, self.name = x, y, name


def test_thin_scatter_keeps_the_first_point_of_each_cell():
    rng = random.Random(3)
    points = [P(rng.uniform(0.1, 0.6), 10 ** rng.uniform(-9, -2), str(n)) for n in range(20_000)]
    kept = charts.thin_scatter(points, log_x=False, log_y=True)
    columns, rows = charts.SCATTER_GRID
    assert 1000 < len(kept) <= columns * rows
    # One point per cell, the first in drawing order: every dropped point shares a cell with an earlier kept one.
    x_low, y_low = min(p.x for p in points), min(math.log10(p.y) for p in points)
    x_step = (max(p.x for p in points) - x_low) / columns
    y_step = (max(math.log10(p.y) for p in points) - y_low) / rows

    def cell(p):
        return int((p.x - x_low) / x_step), int((math.log10(p.y) - y_low) / y_step)

    cells = [cell(p) for p in kept]
    assert len(set(cells)) == len(cells)
    first = {}
    for p in points:
        first.setdefault(cell(p), p)
    assert kept == list(first.values())


def test_thin_scatter_keeps_small_sets_whole():
    points = [P(n, n + 1) for n in range(1, 2000)]
    assert charts.thin_scatter(points, log_x=True, log_y=True) == points


def test_explore_page_stays_small_with_many_materials(properties, client):
    template = factories.material("Template", "Li3PS4")
    rng = random.Random(5)
    Material.objects.bulk_create(
        [
            Material(
                name=f"Synthetic material number {n}",
                slug=f"many-{n}",
                electrolyte_class=template.electrolyte_class,
                kind="compound",
                formula="Li3PS4",
                status="published",
                headline_conductivity=10 ** rng.uniform(-9, -2),
                headline_activation_energy=rng.uniform(0.1, 0.6),
            )
            for n in range(12_000)
        ]
    )
    response = client.get("/explore/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 1_000_000
    drawn = int(re.search(r'<span id="explore-count">(\d+)</span> points drawn for', html).group(1))
    assert '<span id="explore-total">12000</span> materials with both values' in html
    scripts = re.findall(r'<script id="explore-data" type="application/json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1  # the figure is one JSON document
    figure = json.loads(scripts[0])
    traces = figure["data"]
    assert sum(len(t["x"]) for t in traces) == sum(len(t["customdata"]) for t in traces) == drawn
    assert 1000 < drawn <= charts.SCATTER_GRID[0] * charts.SCATTER_GRID[1]
    assert all(url.startswith("/materials/many-") and url.endswith("/") for url in traces[0]["customdata"])
    assert client.get(traces[0]["customdata"][0]).status_code == 200
