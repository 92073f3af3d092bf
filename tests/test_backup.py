"""Backup and restore round trip: every table's row count and the materials CSV come back identical."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection

from electrolytes import backup
from tests.conftest import on_embedded_server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not on_embedded_server(), reason="uses the embedded server's programs (see tests.conftest.on_embedded_server)"
    ),
]


def _url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{quote(s['HOST'] or '', safe='')}:{s['PORT']}/{s['NAME']}"


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_backup_then_restore_gives_back_every_row(knowledge, anonymous_client, tmp_path):
    counts = _row_counts()
    csv = anonymous_client.get("/materials.csv").getvalue()
    assert counts["electrolytes_material"] > 10 and counts["electrolytes_measurement"] > 10
    assert csv.count(b"\n") > 10

    dump = backup.backup(tmp_path / "kb.dump", url=_url(), embedded=True)
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE electrolytes_material, electrolytes_reference CASCADE")
    assert _row_counts()["electrolytes_material"] == 0
    connection.close()

    backup.restore(dump, url=_url(), embedded=True)
    assert _row_counts() == counts
    assert anonymous_client.get("/materials.csv").getvalue() == csv


def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(SystemExit, match="No backup file at"):
        backup.restore(tmp_path / "none.dump", url=_url(), embedded=True)
