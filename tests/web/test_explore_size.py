"""The explore map on a large knowledge base: one JSON figure in a json_script element, points that would
cover the same spot drawn once, a bounded page size, and the counts saying what was drawn."""

from __future__ import annotations

import json
import math
import random
import re

import pytest

from electrolytes import charts, db_stats, selectors
from electrolytes.models import ElectrolyteClass, Material, Measurement, PropertyDefinition
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


@pytest.fixture
def scattered(properties):
    """Materials in four classes (two share a display order) with random headline values, some not placeable on
    a log axis (zero, negative, infinite), some missing a value, and drafts."""
    factories.electrolyte_class("oxide", order=0)
    factories.electrolyte_class("sulfide", order=1)
    factories.electrolyte_class("halide", order=1)
    factories.electrolyte_class("solid-polymer", category="polymer", order=2)
    classes = list(ElectrolyteClass.objects.all())
    rng = random.Random(11)

    def value(low: float, high: float, *, log: bool) -> float | None:
        roll = rng.random()
        if roll < 0.01:
            return None
        if roll < 0.02:
            return rng.choice([0.0, -0.05, math.inf])
        return 10 ** rng.uniform(low, high) if log else rng.uniform(low, high)

    names = [f"Material {n:05d}" for n in range(6_000)]
    rng.shuffle(names)  # name order differs from id order
    Material.objects.bulk_create(
        [
            Material(
                name=name,
                slug=f"scattered-{n}",
                electrolyte_class=rng.choice(classes),
                kind="compound",
                formula="Li3PS4",
                status="published" if rng.random() < 0.95 else "draft",
                headline_conductivity=value(-9, -2, log=True),
                headline_activation_energy=value(0.1, 0.6, log=False),
                headline_oxidation_limit=4.2 if n % 7 else None,  # one value for all: an empty range
            )
            for n, name in enumerate(names)
        ]
    )
    db_stats.analyze([Material])  # as after any bulk load: planned from real sizes
    return {d.key: d for d in PropertyDefinition.objects.all()}


def _thinned_in_python(definitions, *, x, y, log_x, log_y, classes=(), t_min=293.0, t_max=303.0):
    """What the page drew before the thinning moved into SQL: every point read, then filtered and thinned."""
    points = selectors.explore_points(x=definitions[x], y=definitions[y], t_min=t_min, t_max=t_max, user=None)
    if classes:
        names = set(ElectrolyteClass.objects.filter(slug__in=classes).values_list("name", flat=True))
        points = [p for p in points if p.class_name in names]
    placeable = charts.plottable(points, log_x=log_x, log_y=log_y)
    return charts.thin_scatter(placeable, log_x=log_x, log_y=log_y), len(placeable), len(points) - len(placeable)


@pytest.mark.parametrize(
    ("x", "y", "log_x", "log_y", "classes"),
    [
        ("activation_energy", "ionic_conductivity", False, True, ()),
        ("activation_energy", "ionic_conductivity", True, True, ()),
        ("ionic_conductivity", "activation_energy", False, False, ()),
        ("ionic_conductivity", "activation_energy", True, False, ("sulfide", "halide")),
        ("activation_energy", "ionic_conductivity", False, True, ("solid-polymer",)),  # few: every point drawn
        ("oxidation_limit", "ionic_conductivity", False, True, ()),  # x has one value: the step is 1
    ],
)
def test_explore_map_thins_in_the_database_as_thin_scatter_does(scattered, x, y, log_x, log_y, classes):
    expected, count, dropped = _thinned_in_python(scattered, x=x, y=y, log_x=log_x, log_y=log_y, classes=classes)
    chart = selectors.explore_map(
        x=scattered[x],
        y=scattered[y],
        t_min=293.0,
        t_max=303.0,
        user=None,
        log_x=log_x,
        log_y=log_y,
        class_slugs=classes,
        grid=charts.SCATTER_GRID,
    )
    assert (chart.count, chart.dropped) == (count, dropped)
    assert count > 0 and (dropped > 0) == (log_x or log_y or x == "ionic_conductivity")
    assert chart.points == expected


def test_explore_map_with_nothing_placeable_still_counts(scattered):
    Material.objects.update(headline_activation_energy=-1.0)
    chart = selectors.explore_map(
        x=scattered["activation_energy"],
        y=scattered["ionic_conductivity"],
        t_min=293.0,
        t_max=303.0,
        user=None,
        log_x=True,
        log_y=True,
        grid=charts.SCATTER_GRID,
    )
    visible = Material.objects.published().filter(headline_conductivity__isnull=False)
    assert chart.points == []
    assert (chart.count, chart.dropped) == (0, visible.count())


def test_explore_map_in_another_window_reads_the_measurements(scattered):
    """Outside room temperature the conductivity is a subquery per material (nearest 333 K in the window)."""
    published = list(Material.objects.published().order_by("id")[:4_000])
    rng = random.Random(13)
    reference = factories.reference()
    Measurement.objects.bulk_create(
        Measurement(
            material=material,
            property=scattered["ionic_conductivity"],
            value=10 ** rng.uniform(-8, -2),
            temperature_k=rng.choice([328.0, 333.0, 336.5]),
            reference=reference,
        )
        for material in published
        for _ in range(rng.randint(1, 2))
    )
    db_stats.analyze([Measurement])
    expected, count, dropped = _thinned_in_python(
        scattered, x="activation_energy", y="ionic_conductivity", log_x=False, log_y=True, t_min=328.0, t_max=338.0
    )
    chart = selectors.explore_map(
        x=scattered["activation_energy"],
        y=scattered["ionic_conductivity"],
        t_min=328.0,
        t_max=338.0,
        user=None,
        log_x=False,
        log_y=True,
        grid=charts.SCATTER_GRID,
    )
    assert count > charts.SCATTER_GRID[0] * charts.SCATTER_GRID[1] // 4  # thinned
    assert (chart.count, chart.dropped, chart.points) == (count, dropped, expected)
