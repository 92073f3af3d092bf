"""Temperatures as the sources give them, and captions that name the temperature a value was chosen at."""

from __future__ import annotations

import json
import re

import pytest

from electrolytes.temperature_windows import window_phrase, window_target
from tests import factories
from tests.web.data import catalogue

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace(NBSP, " ")).strip()


@pytest.mark.parametrize(
    ("t_min", "t_max", "target", "phrase"),
    [
        (293.0, 303.0, 298.15, "nearest 25 °C within 20 °C to 30 °C"),
        (328.15, 338.15, 333.15, "nearest 60 °C within 55 °C to 65 °C"),
        (250.0, 260.0, 255.0, "nearest −18 °C within −23 °C to −13 °C"),
        (273.15, 373.15, 298.15, "nearest 25 °C within 0 °C to 100 °C"),
    ],
)
def test_window_phrase_names_the_temperature_looked_for(t_min, t_max, target, phrase):
    assert window_target(t_min, t_max) == pytest.approx(target)
    assert window_phrase(t_min, t_max).replace(NBSP, " ") == phrase


def test_list_caption_and_values_follow_the_window(properties, client):
    catalogue(2)  # conductivities at 25 °C and 80 °C
    text = _text(client.get("/materials/", {"temperature_min": "348.15", "temperature_max": "358.15"}))
    assert "Conductivity: the unflagged value measured nearest 80 °C within 75 °C to 85 °C;" in text
    assert "activation energy and window limits: their headlines, the median over papers." in text
    assert "nearest 25 °C within 75 °C" not in text
    # The 80 °C values (8 and 9 mS/cm), not the 25 °C ones.
    assert re.search(r"Argyrodite 00 Li 6 PS 5 Cl Sulfide Argyrodite 8 × 10 −3", text), text
    room = _text(client.get("/materials/"))
    assert (
        "Conductivity: the headline within 20 °C to 30 °C (the median over papers of the unflagged values,"
        " or of a fit's value at 25 °C); activation energy and window limits: their headlines" in room
    )
    assert "first reported" not in room


@pytest.fixture
def nominal(properties):
    """One material whose source says only 'room temperature', one measured at 25 °C exactly."""
    source = factories.reference("rt-source", title="Room-temperature survey")
    vague = factories.material("Vague garnet", "Li7La3Zr2O12", electrolyte_class_slug="oxide")
    factories.measurement(
        vague, "ionic_conductivity", 0.4, "mS/cm", temperature=298.15, temperature_nominal=True, ref=source
    )
    exact = factories.material("Exact garnet", "Li6.4La3Zr1.4Ta0.6O12", electrolyte_class_slug="oxide")
    factories.measurement(exact, "ionic_conductivity", 0.9, "mS/cm", temperature=298.15, ref=source)
    return vague, exact


def test_material_page_says_room_temperature_when_the_source_does(nominal, client):
    vague, exact = nominal
    vague_text = _text(client.get(vague.get_absolute_url()))
    assert re.search(r"4 × 10 −4 S/cm room temperature", vague_text), vague_text
    assert "298.15 K" not in vague_text
    assert "25 °C (298.15 K)" in _text(client.get(exact.get_absolute_url()))


def test_compare_marks_room_temperature_values(nominal, client):
    vague, exact = nominal
    # At 60 °C neither has a value: each cell says where its nearest one is from, in the source's words.
    text = _text(client.get("/compare/", {"materials": f"{vague.slug},{exact.slug}", "temperature": "333.15"}))
    assert "Ionic conductivity (S/cm) 4 × 10 −4 S/cm at room temperature 9 × 10 −4 S/cm at 25 °C" in text


def test_compare_bars_mark_values_from_another_temperature(properties, client):
    catalogue(2)
    factories.measurement(
        factories.material("Warm oxide", "Li7La3Zr2O12", electrolyte_class_slug="oxide"),
        "ionic_conductivity",
        0.2,
        "mS/cm",
        temperature=60,
        temperature_unit="degC",
    )
    response = client.get("/compare/", {"materials": "argyrodite-00,warm-oxide", "temperature": "333.15"})
    html = response.content.decode()
    data = re.search(r'<script id="compare-bars-data" type="application/json">(.*?)</script>', html, re.S)
    figure = json.loads(data.group(1))
    sigma = [t for t in figure["data"] if t["yaxis"] == "y"]
    by_name = {t["name"]: t for t in sigma}
    # Argyrodite 00 has no 60 °C value: its nearest (80 °C) bar is hatched and labelled; the oxide's (at 60 °C) is not.
    assert by_name["Argyrodite 00"]["text"] == [f"at 80{NBSP}°C"]
    assert by_name["Argyrodite 00"]["marker"]["pattern"]["shape"] == "/"
    assert "pattern" not in by_name["Warm oxide"]["marker"] and "text" not in by_name["Warm oxide"]
