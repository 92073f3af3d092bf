"""`manage.py bootstrap`: loads the curated knowledge once, makes a curator, loses nothing on re-runs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from electrolytes import curators
from electrolytes.models import ElectrolyteClass, Material


def run_bootstrap(monkeypatch, **env) -> str:
    for name in ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "ELECTROLYTES_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_first_run_loads_fixtures_and_prints_curator_credentials_once(monkeypatch, settings):
    settings.ELECTROLYTES_DATA_DIR = ""
    first = run_bootstrap(monkeypatch)
    assert "Loaded" in first and "curated fixture files" in first
    assert "username: curator" in first
    assert "No ELECTROLYTES_DATA_DIR: starting with the curated fixtures alone." in first
    curator = get_user_model().objects.get(username="curator")
    assert curator.is_staff and curator.groups.filter(name="curators").exists()
    assert ElectrolyteClass.objects.count() == 10  # the paper's seven and nitride, hydride, phosphide

    second = run_bootstrap(monkeypatch)
    assert "Curated knowledge already loaded; leaving it as it is." in second
    assert "password" not in second


@pytest.mark.django_db
def test_second_run_keeps_curator_edits(monkeypatch, settings):
    settings.ELECTROLYTES_DATA_DIR = ""
    run_bootstrap(monkeypatch)
    material = Material.objects.order_by("pk").first()
    material.description = "Edited by a curator"
    material.save()
    run_bootstrap(monkeypatch)
    material.refresh_from_db()
    assert material.description == "Edited by a curator"


@pytest.mark.django_db
def test_curator_credentials_can_come_from_the_environment(monkeypatch, settings):
    settings.ELECTROLYTES_DATA_DIR = ""
    out = run_bootstrap(monkeypatch, DJANGO_SUPERUSER_USERNAME="alice", DJANGO_SUPERUSER_PASSWORD="a-long-pass-9")
    assert "Curator account 'alice' is ready" in out
    assert "a-long-pass-9" not in out
    alice = get_user_model().objects.get(username="alice")
    assert alice.check_password("a-long-pass-9")
    assert not get_user_model().objects.filter(username="curator").exists()


@pytest.mark.django_db
def test_the_curators_list_equals_the_group_the_migrations_built():
    group = Group.objects.get(name=curators.GROUP_NAME)
    migrated = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert migrated == {("electrolytes", codename) for codename in curators.CODENAMES}


@pytest.mark.django_db
def test_bootstrap_after_a_flush_brings_the_curators_group_back_whole(monkeypatch, settings):
    """`manage.py flush` empties auth_group too (it is data); bootstrap must not stop on the missing group."""
    Group.objects.all().delete()
    settings.ELECTROLYTES_DATA_DIR = ""
    out = run_bootstrap(monkeypatch)
    assert "username: curator" in out
    curator = get_user_model().objects.get(username="curator")
    group = curator.groups.get()
    assert group.name == "curators"
    assert set(group.permissions.values_list("codename", flat=True)) == curators.CODENAMES
