"""Hand-built data for the OPTIMADE tests, the optimade_validator marker, and a guard that keeps client
libraries on the live server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from tests import factories


def pytest_configure(config):
    config.addinivalue_line("markers", "optimade_validator: runs optimade-validator against a live server (about 20 s)")


def build_structures() -> dict:
    """Five published compounds, a draft and a mixture, with room-temperature properties.

    lyc-a and lyc-b have names that differ only where an unescaped LIKE pattern would treat
    % and _ as wildcards.
    """
    kamaya = factories.reference(
        "kamaya2011",
        doi="10.1038/nmat3066",
        title="A lithium superionic conductor",
        authors=["Kamaya, Noriaki", "Homma, Kenji"],
        journal="Nature Materials",
        volume="10",
        pages="682-686",
    )
    dataset = factories.reference("opendata", title="Open conductivity dataset", kind="dataset", licence="CC BY 4.0")
    lgps = factories.material(
        "LGPS", "Li10GeP2S12", slug="lgps", family_slug="lgps", space_group="P4_2/nmc", mp_id="mp-696128"
    )
    latp = factories.material(
        "LATP", "Li1.3Al0.3Ti1.7(PO4)3", slug="latp", electrolyte_class_slug="oxide", family_slug="nasicon"
    )
    llzo = factories.material("LLZO", "Li7La3Zr2O12", slug="llzo", electrolyte_class_slug="oxide", family_slug="garnet")
    lyc_a = factories.material("LYC 5%_a", "Li3YCl6", slug="lyc-a", electrolyte_class_slug="halide")
    factories.material("LYC 5xya", "Li3InCl6", slug="lyc-b", electrolyte_class_slug="halide")
    factories.material("Draft thiophosphate", "Li3PS4", slug="draft", status="draft")
    factories.material("PEO-LiTFSI", "", slug="peo", kind="mixture", electrolyte_class_slug="polymer")
    factories.measurement(lgps, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=kamaya)
    factories.measurement(lgps, "activation_energy", 0.25, "eV", ref=kamaya)
    factories.measurement(latp, "ionic_conductivity", 0.7, "mS/cm", temperature=298, ref=dataset)
    factories.measurement(latp, "oxidation_limit", 4.5, "V", ref=dataset)
    factories.measurement(llzo, "ionic_conductivity", 0.5, "mS/cm", temperature=373, ref=dataset)
    factories.measurement(llzo, "activation_energy", 0.30, "eV", ref=dataset)
    factories.measurement(lyc_a, "ionic_conductivity", 1, "mS/cm", temperature=298, ref=kamaya)
    return {"kamaya": kamaya, "dataset": dataset}


@pytest.fixture
def structures(properties):
    return build_structures()


def build_crystal_structures() -> dict:
    """Three compounds with representative structures from the hand-written CIFs, and one whose only
    structure lost its Li (so it is not served): for the structural fields."""
    from electrolytes import services
    from tests.structures import cifs

    antiperovskite = factories.material("Li3OCl", "Li3OCl", slug="li3ocl", electrolyte_class_slug="halide")
    rock_salt = factories.material("LiCl", "LiCl", slug="licl", electrolyte_class_slug="halide")
    llto = factories.material("LLTO", "Li0.45La0.45TiO3", slug="llto", electrolyte_class_slug="oxide")
    lost = factories.material("LLTO without Li", "Li0.5La0.5TiO3", slug="llto-noli", electrolyte_class_slug="oxide")
    return {
        "li3ocl": services.structure_create_from_cif(material=antiperovskite, cif_text=cifs.LI3OCL, mp_id="mp-985585"),
        "licl": services.structure_create_from_cif(material=rock_salt, cif_text=cifs.ORDERED_LICL),
        "llto": services.structure_create_from_cif(material=llto, cif_text=cifs.DISORDERED_LLTO),
        "llto-noli": services.structure_create_from_cif(material=lost, cif_text=cifs.LITHIUM_FREE_LLTO),
    }


@pytest.fixture
def crystal_structures(properties):
    build_structures()
    return build_crystal_structures()


@pytest.fixture
def local_only(monkeypatch, live_server):
    """Every request a client library makes through requests, refused unless it goes to the live server."""
    seen: list[str] = []
    origin = urlsplit(live_server.url).netloc
    send = requests.Session.send

    def guarded(self, request, **kwargs):
        seen.append(request.url)
        if urlsplit(request.url).netloc != origin:
            raise AssertionError(f"A client tried to reach an outside host: {request.url}")
        return send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", guarded)
    return seen
