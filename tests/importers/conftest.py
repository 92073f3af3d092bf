"""Fixtures for the importer tests: the property definitions, a small vocabulary, the open-data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.importers.vocabulary import create_vocabulary

CHECKOUT = Path(__file__).resolve().parents[2]


def data_dir() -> Path | None:
    """ELECTROLYTES_DATA_DIR, else ../shared/data next to the checkout; None when neither exists."""
    for candidate in (os.environ.get("ELECTROLYTES_DATA_DIR"), CHECKOUT.parent / "shared" / "data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def vocabulary(properties):
    create_vocabulary()


@pytest.fixture
def open_data() -> Path:
    folder = data_dir()
    if folder is None:
        pytest.skip("Open datasets absent: set ELECTROLYTES_DATA_DIR or put them in ../shared/data.")
    return folder
