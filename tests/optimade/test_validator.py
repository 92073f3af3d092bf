"""The official optimade-validator against a live server with hand-built data.

Every mandatory and every optional test must pass, for several random seeds (the validator
picks the entry it builds filters from at random).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

from .conftest import build_crystal_structures, build_structures

VALIDATOR = Path(sys.executable).with_name("optimade-validator")

pytestmark = [pytest.mark.optimade_validator, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_validator(base_url: str, seed: int) -> dict:
    completed = subprocess.run(  # noqa: S603 - fixed executable, arguments built here
        [str(VALIDATOR), base_url, "--json", "--random-seed", str(seed), "--page_limit", "2"],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert completed.stdout, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture
def served(live_server, properties):
    build_structures()
    # A reference with only a title, and one more material, so pages and optional fields vary.
    factories.reference("untitled-dataset", title="Conductivity survey", kind="dataset", year=None)
    factories.material("Li6PS5Cl", "Li6PS5Cl", slug="argyrodite-cl", family_slug="argyrodite")
    build_crystal_structures()  # entries with ordered and disordered structures beside composition-only ones
    return live_server.url


@pytest.mark.parametrize(("path", "seed"), [("/optimade", 1), ("/optimade", 7), ("/optimade/v1", 42)])
def test_validator_passes_every_test(served, path, seed):
    results = run_validator(f"{served}{path}", seed)
    failures = results["failure_messages"] + results["optional_failure_messages"] + results["internal_failure_messages"]
    assert failures == []
    assert (results["failure_count"], results["optional_failure_count"], results["internal_failure_count"]) == (0, 0, 0)
    assert results["success_count"] >= 50
    assert results["optional_success_count"] >= 10
