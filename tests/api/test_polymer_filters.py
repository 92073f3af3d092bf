"""Mixture filters (host polymer, salt, molality, host Mw, physical state), components in the CSV, and liquids
left out of rankings and class statistics unless asked for."""

from __future__ import annotations

import csv
import io

import pytest

from electrolytes import services
from electrolytes.selectors import class_statistics
from tests import factories

pytestmark = pytest.mark.django_db


def mixture(name, host, host_smiles, mw, salt, molality, sigma, *, state="solid"):
    cls = factories.electrolyte_class("solid-polymer", category="polymer")
    material = services.material_create(
        name=name,
        kind="mixture",
        electrolyte_class=cls,
        status="published",
        physical_state=state,
        components=[
            {"role": "polymer_host", "name": host, "smiles": host_smiles, "molecular_weight": mw},
            {"role": "lithium_salt", "name": salt, "amount": molality, "amount_unit": "mol/kg"},
        ],
    )
    factories.measurement(material, "ionic_conductivity", sigma, "S/cm", temperature=298.15)
    return material


@pytest.fixture
def polymers(properties):
    return {
        "peo": mixture("PEO-LiTFSI, EO:Li 20:1, Mw 600k", "PEO", "[Cu]CCO[Au]", 600_000, "LiTFSI", 1.14, 1e-6),
        "glyme": mixture(
            "PEO-LiTFSI, EO:Li 20:1, Mw 266 g/mol", "PEO", "[Cu]CCO[Au]", 266, "LiTFSI", 1.14, 1e-3, state="liquid"
        ),
        "pan": mixture("PAN-LiClO4, 2 mol/kg, Mw 150k", "PAN", "[Cu]CC(C#N)[Au]", 150_000, "LiClO4", 2.0, 1e-7),
    }


def slugs(client, **params):
    response = client.get("/api/v1/materials/", params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_filters_on_host_salt_concentration_and_molecular_weight(polymers, client):
    peo, glyme, pan = (polymers[k].slug for k in ("peo", "glyme", "pan"))
    assert sorted(slugs(client, polymer="peo")) == sorted([peo, glyme])
    assert slugs(client, salt="LiClO4") == [pan]
    assert slugs(client, salt_molality_min=1.5) == [pan]
    assert sorted(slugs(client, salt_molality_max=1.5)) == sorted([peo, glyme])
    assert slugs(client, polymer_mw_max=999) == [glyme]
    assert sorted(slugs(client, polymer_mw_min=1000)) == sorted([peo, pan])
    assert slugs(client, physical_state="liquid") == [glyme]


def test_liquids_are_left_out_of_conductivity_rankings_unless_asked_for(polymers, client):
    assert slugs(client, ordering="-conductivity") == [polymers["peo"].slug, polymers["pan"].slug]
    ranked = slugs(client, ordering="-conductivity", physical_state="solid,liquid")
    assert ranked == [polymers["glyme"].slug, polymers["peo"].slug, polymers["pan"].slug]
    assert len(slugs(client)) == 3  # a plain listing keeps them


def test_liquids_are_left_out_of_class_statistics(polymers):
    stats = next(iter(class_statistics(user=None).values()))
    assert (stats.material_count, stats.best_material_slug) == (2, polymers["peo"].slug)


def test_bad_mixture_parameters_are_named(polymers, client):
    response = client.get("/api/v1/materials/", {"physical_state": "plasma", "salt_molality_min": "-1"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["physical_state"] == ["Unknown physical state 'plasma'; choose from: solid, gel, liquid."]
    assert fields["salt_molality_min"] == ["salt_molality_min must not be negative."]
    response = client.get("/api/v1/materials/", {"polymer_mw_min": "5", "polymer_mw_max": "1"})
    assert response.json()["error"]["fields"] == {"polymer_mw_min": ["polymer_mw_min (5) is above polymer_mw_max (1)."]}


def test_api_rows_and_csv_carry_the_components(polymers, client):
    row = client.get("/api/v1/materials/", {"polymer": "PEO", "physical_state": "solid"}).json()["results"][0]
    assert (row["polymer"], row["polymer_mw"], row["salt"], row["salt_molality"], row["eo_li"]) == (
        "PEO", 600000.0, "LiTFSI", 1.14, 19.91
    )  # fmt: skip
    assert row["physical_state"] == "solid"
    response = client.get("/api/v1/materials/", {"format": "csv", "salt": "LiClO4"})
    text = b"".join(response.streaming_content).decode()
    record = next(csv.DictReader(io.StringIO(text)))
    assert (record["polymer"], record["salt"], record["salt_molality"], record["eo_li"]) == ("PAN", "LiClO4", "2.0", "")


def test_page_filters_and_page_csv(polymers, client):
    page = client.get("/materials/", {"polymer": "PAN"}).content.decode()
    assert f'href="/materials/{polymers["pan"].slug}/"' in page
    assert f'href="/materials/{polymers["peo"].slug}/"' not in page
    assert 'id="f-polymer" name="polymer" value="PAN"' in page
    text = client.get("/materials.csv", {"polymer": "PEO", "physical_state": "liquid"}).getvalue().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = ("name", "physical_state", "polymer", "polymer_mw_g_per_mol", "salt", "eo_li")
    assert [tuple(r[c] for c in columns) for r in rows] == [
        ("PEO-LiTFSI, EO:Li 20:1, Mw 266 g/mol", "liquid", "PEO", "266", "LiTFSI", "19.91")
    ]


def test_material_page_shows_eo_li_and_state(polymers, client):
    text = client.get(f"/materials/{polymers['glyme'].slug}/").content.decode()
    assert "EO:Li 20:1 (ether oxygens of the host per Li<sup>+</sup>, from the salt molality)" in text
    assert (
        "Physical state: Liquid (e.g. an oligomer host below 1,000 g/mol); left out of solid-class statistics" in text
    )


def test_a_host_named_in_full_is_found_by_its_abbreviation(polymers, client):
    curated = mixture("Curated PEO film", "poly(ethylene oxide) (PEO)", "", 600_000, "LiTFSI", 1.0, 1e-6)
    decoy = mixture("Oxazoline film", "PEOX", "", 50_000, "LiTFSI", 1.0, 1e-7)
    found = slugs(client, polymer="peo")
    assert curated.slug in found and decoy.slug not in found
    assert slugs(client, polymer="PEO.*") == []  # the user's text is matched literally


@pytest.mark.parametrize("extra", [0, 6])
def test_mixture_filters_keep_a_constant_query_count(extra, polymers, client, django_assert_num_queries):
    for n in range(extra):
        mixture(f"PEO blend {n}", "PEO", "[Cu]CCO[Au]", 100_000 + n, "LiTFSI", 0.5 + n / 10, 1e-6)
    params = {"polymer": "PEO", "salt": "LiTFSI", "salt_molality_min": 0.1, "polymer_mw_min": 1000}
    with django_assert_num_queries(3):  # count, page, property definitions of the query
        response = client.get("/api/v1/materials/", params)
    assert response.json()["count"] == 1 + extra
