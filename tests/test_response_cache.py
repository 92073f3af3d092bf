"""ETag / Last-Modified / 304 and the anonymous response cache, invalidated by writes on every path.

The stamp is bumped by database triggers at commit, so these tests commit (transactional_db).
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from electrolytes import data_version, services
from electrolytes.importers.bibtex import BibtexSource
from electrolytes.importers.engine import run_import
from electrolytes.models import DataVersion
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1/materials/"
# Fills the blank journal of the stored kamaya2011 reference.
BIB = "@article{kamaya2011, title = {A lithium superionic conductor}, journal = {Nature Materials}, year = {2020}}"


@pytest.fixture(autouse=True)
def response_cache():
    cache.clear()
    with override_settings(RESPONSE_CACHE=True, SHARED_COUNTS=True):
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def curators_group(transactional_db):
    """The group of migration 0003, which the flush between transactional tests removes."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("electrolytes.migrations.0003_curator_group")
    group, _ = Group.objects.get_or_create(name="curators")
    codenames = [f"{a}_{m}" for m in migration.CURATED_MODELS for a in ("add", "change", "delete", "view")]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="electrolytes", codename__in=codenames))
    return group


@pytest.fixture
def lgps(properties):
    kamaya = factories.reference("kamaya2011", title="A lithium superionic conductor")
    material = factories.material("LGPS", "Li10GeP2S12", slug="lgps", description="First description.")
    factories.measurement(material, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=kamaya)
    return material


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_anonymous_get_carries_validators_from_the_stamp(lgps, anonymous_client):
    response = anonymous_client.get(API)
    stamp = data_version.current()
    assert response.status_code == 200
    assert response["ETag"].startswith(f'"v{stamp.version}-')
    assert response["Last-Modified"] == stamp.changed_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert response["Cache-Control"] == "no-cache"
    assert {"Accept", "Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}


@pytest.mark.parametrize("path", [API, "/materials/", "/optimade/v1/structures?filter=nelements=4"])
def test_matching_validators_get_304_without_a_body(lgps, anonymous_client, path):
    first = anonymous_client.get(path)
    assert first.status_code == 200
    by_etag = anonymous_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = anonymous_client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_etag.status_code, by_etag.content, by_etag["ETag"]) == (304, b"", first["ETag"])
    assert by_date.status_code == 304
    assert anonymous_client.get(path, HTTP_IF_NONE_MATCH='"v0-other"').status_code == 200


def test_etag_differs_per_representation(lgps, anonymous_client):
    as_json = anonymous_client.get(API, HTTP_ACCEPT="application/json")
    as_html = anonymous_client.get(API, HTTP_ACCEPT="text/html")
    assert as_json["ETag"] != as_html["ETag"]
    assert anonymous_client.get(API, HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=as_json["ETag"]).status_code == 200


def test_cached_responses_cost_one_query_and_a_fresh_nonce(lgps, anonymous_client, django_assert_num_queries):
    anonymous_client.get("/materials/")
    with django_assert_num_queries(1):  # the stamp
        page = anonymous_client.get("/materials/")
    assert page.status_code == 200
    assert "LGPS" in page.content.decode()
    # A page with scripts (plotly): each answer from the cache has its own nonce.
    first = anonymous_client.get("/materials/lgps/")
    with django_assert_num_queries(1):
        second = anonymous_client.get("/materials/lgps/")
    assert nonce_of(first) != nonce_of(second)
    # The page's scripts carry the nonce of the header they are served with.
    assert f'nonce="{nonce_of(second)}"' in second.content.decode()
    assert nonce_of(first) not in second.content.decode()
    assert anonymous_client.get(API).status_code == 200
    with django_assert_num_queries(1):
        assert anonymous_client.get(API).json()["results"][0]["slug"] == "lgps"


def _write_without_stamp(sql: str) -> None:
    """A write the triggers do not see (replication role), to tell a cached answer from a fresh one."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_logged_in_requests_are_never_answered_from_the_cache(lgps, anonymous_client, reader_client):
    anonymous_client.get(API)
    _write_without_stamp("UPDATE electrolytes_material SET name = 'Renamed' WHERE slug = 'lgps'")
    # The anonymous answer is the stored one (the write went past the stamp) ...
    assert anonymous_client.get(API).json()["results"][0]["name"] == "LGPS"
    # ... a logged-in reader runs the view, and gets no validators for the anonymous cache.
    fresh = reader_client.get(API)
    assert fresh.json()["results"][0]["name"] == "Renamed"
    assert "ETag" not in fresh
    token = services.api_token_issue(user=factories_user())
    with_token = anonymous_client.get(API, HTTP_AUTHORIZATION=f"Token {token}")
    assert with_token.json()["results"][0]["name"] == "Renamed"
    assert "ETag" not in with_token


def factories_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="token-holder", password="token-pass-123")


def _write_through_service(lgps, curator_client):
    services.material_update(material=lgps, description="Changed by a service.")


def _write_through_api(lgps, curator_client):
    response = curator_client.patch(
        f"{API}lgps/", {"description": "Changed through the API."}, content_type="application/json"
    )
    assert response.status_code == 200, response.content


def _write_through_import(lgps, curator_client):
    report = run_import(BibtexSource(), BIB, file_name="kamaya.bib")
    assert report.updated == 1


def _write_through_raw_sql(lgps, curator_client):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE electrolytes_material SET description = 'Changed by raw SQL.' WHERE slug = 'lgps'")


@pytest.mark.parametrize(
    ("write", "path", "expected"),
    [
        (_write_through_service, f"{API}lgps/", "Changed by a service."),
        (_write_through_api, f"{API}lgps/", "Changed through the API."),
        (_write_through_raw_sql, f"{API}lgps/", "Changed by raw SQL."),
        (_write_through_import, "/api/v1/references/", "Nature Materials"),
    ],
    ids=["service", "api", "raw-sql", "import"],
)
def test_a_write_on_any_path_invalidates_validators_and_cache(
    lgps, anonymous_client, curator_client, write, path, expected
):
    before = anonymous_client.get(path)
    assert expected not in before.content.decode()
    assert anonymous_client.get(path, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    write(lgps, curator_client)
    after = anonymous_client.get(path, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert expected in after.content.decode()


def test_an_admin_delete_invalidates_validators_and_cache(lgps, anonymous_client, curator_client):
    lps = factories.material("LPS", "Li3PS4", slug="lps")
    before = anonymous_client.get(API)
    assert [row["name"] for row in before.json()["results"]] == ["LGPS", "LPS"]
    response = curator_client.post(reverse("admin:electrolytes_material_delete", args=[lps.pk]), {"post": "yes"})
    assert response.status_code == 302
    after = anonymous_client.get(API, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert [row["name"] for row in after.json()["results"]] == ["LGPS"]


def test_optimade_counts_follow_the_stamp(lgps, anonymous_client):
    path = "/optimade/v1/structures?filter=nelements=4"
    assert anonymous_client.get(path).json()["meta"]["data_returned"] == 1
    factories.material("LGPS-Sn", "Li10SnP2S12", slug="lgps-sn")
    # A different page of the same filter: not the stored response, but the same counts key.
    body = anonymous_client.get(path + "&page_limit=5").json()
    assert (body["meta"]["data_available"], body["meta"]["data_returned"]) == (2, 2)


def test_the_stamp_moves_once_per_committed_transaction_and_never_on_rollback(lgps):
    from django.db import transaction

    start = DataVersion.objects.get().version
    with transaction.atomic():
        factories.reference("one")
        factories.reference("two")
    after_commit = DataVersion.objects.get().version
    assert after_commit > start
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.reference("three")
        raise RuntimeError
    assert DataVersion.objects.get().version == after_commit
    # One transaction, one bump: the pending table is empty again.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {data_version.PENDING_TABLE}")  # noqa: S608
        assert cursor.fetchone() == (0,)


def test_every_knowledge_table_carries_the_trigger(db):
    from django.apps import apps

    tables = data_version.knowledge_tables(apps.get_app_config("electrolytes"))
    assert "electrolytes_material" in tables and "electrolytes_measurement" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [data_version.TRIGGER],
        )
        with_trigger = {row[0] for row in cursor.fetchall()}
    assert set(tables) - with_trigger == set(), "add data_version.trigger_sql(table) in the migration of a new model"


# --- Shared counts (caching.shared_result) ------------------------------------------------------------


def _counts_run(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_a_signed_in_reader_reuses_the_count_of_an_equal_list_until_a_write(lgps, reader_client):
    """The response is never stored for a signed-in reader; the count is, under the stamp, and a write recounts."""
    url = f"{API}?elements=Li,S"
    assert reader_client.get(url).json()["count"] == 1
    # A change the triggers do not see: a count answered from the shared cache still says 1, a fresh one 0.
    _write_without_stamp("UPDATE electrolytes_material SET elements = '{Ge,Li,P}' WHERE slug = 'lgps'")
    with CaptureQueriesContext(connection) as queries:
        body = reader_client.get(url).json()
    assert body["count"] == 1
    assert _counts_run(queries) == []
    factories.reference("another")  # any committed write moves the stamp
    assert reader_client.get(url).json()["count"] == 0


def test_a_transaction_that_wrote_counts_for_itself(lgps):
    from django.db import transaction

    from electrolytes.caching import shared_result
    from electrolytes.models import Material

    query = Material.objects.filter(elements__contains=["Li"])
    assert shared_result("count", query.query, query.count, using="default") == 1
    assert data_version.current().uncommitted_writes is False
    with transaction.atomic():
        factories.material("LGPS-Sn", "Li10SnP2S12", slug="lgps-sn")
        assert data_version.current().uncommitted_writes is True
        # The stamp has not moved yet (it moves at commit), but the answer is this transaction's own.
        assert shared_result("count", query.query, query.count, using="default") == 2
        transaction.set_rollback(True)
    assert shared_result("count", query.query, query.count, using="default") == 1


def test_a_text_search_shares_the_ids_it_matched(lgps, anonymous_client):
    url = f"{API}?q=LGPS&page_size=5"
    with override_settings(RESPONSE_CACHE=False):
        assert [row["slug"] for row in anonymous_client.get(url).json()["results"]] == ["lgps"]
        with CaptureQueriesContext(connection) as queries:
            again = anonymous_client.get(url + "&page=1").json()
    assert [row["slug"] for row in again["results"]] == ["lgps"]
    assert again["count"] == 1
    # The matched ids came from the shared cache: no query runs the text filter's search vector.
    assert not [q for q in queries.captured_queries if "to_tsvector" in q["sql"]]
