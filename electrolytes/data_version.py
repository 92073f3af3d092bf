"""The data-version stamp: which version of the knowledge base a response was built from.

Every transaction that writes to a knowledge table bumps the stamp once, at its commit, from
inside PostgreSQL, so no write path (services, admin, API, importers, loaddata, raw SQL) can
forget it:

- a statement-level trigger on each knowledge table notes the transaction (once per
  transaction, remembered in a transaction-local setting) by inserting its id into a small
  pending table;
- a deferred constraint trigger on that pending table runs at commit, takes the next number
  from a sequence and writes it to the single DataVersion row.

The row is therefore locked only during the commit itself (long imports do not block other
writers), the new stamp becomes visible together with the data it describes, and a number is
never handed out twice, even when a transaction rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connections

STAMP_TABLE = "electrolytes_dataversion"
PENDING_TABLE = "electrolytes_dataversion_pending"
SEQUENCE = "electrolytes_data_version_seq"
NOTE_FUNCTION = "electrolytes_note_write"
BUMP_FUNCTION = "electrolytes_bump_data_version"
TRIGGER = "data_version_note"

# The names are this module's constants, never input.
FUNCTIONS_SQL = f"""
CREATE SEQUENCE {SEQUENCE};
CREATE TABLE {PENDING_TABLE} (txid bigint PRIMARY KEY);
CREATE FUNCTION {NOTE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('electrolytes.data_version_tx', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('electrolytes.data_version_tx', txid_current()::text, true);
        INSERT INTO {PENDING_TABLE} (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION {BUMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {PENDING_TABLE} WHERE txid = NEW.txid;
    INSERT INTO {STAMP_TABLE} (id, version, changed_at)
    VALUES (1, nextval('{SEQUENCE}'), clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT ON {PENDING_TABLE}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {BUMP_FUNCTION}();
"""  # noqa: S608

DROP_FUNCTIONS_SQL = f"""
DROP TABLE {PENDING_TABLE};
DROP FUNCTION {BUMP_FUNCTION}();
DROP FUNCTION {NOTE_FUNCTION}();
DROP SEQUENCE {SEQUENCE};
"""


def trigger_sql(table: str) -> str:
    """The statement-level trigger that makes writes to ``table`` bump the stamp."""
    return (
        f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {NOTE_FUNCTION}();"
    )


JOB_TABLE = "electrolytes_job"  # electrolytes.models.Job


def drop_trigger_sql(table: str) -> str:
    return f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";'


def is_knowledge_model(model) -> bool:
    """Models whose rows are served to readers; their tables carry the trigger.

    The stamp itself is left out, and so are django-simple-history's tables (always written
    in the same transaction as the table they follow) and the background jobs' bookkeeping, which
    readers never see and which a running job writes every few seconds.
    """
    return model._meta.db_table not in (STAMP_TABLE, JOB_TABLE) and not model.__name__.startswith("Historical")


def knowledge_tables(app_config) -> list[str]:
    models = app_config.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if is_knowledge_model(m) and m._meta.managed})


@dataclass(frozen=True)
class Stamp:
    version: int
    changed_at: datetime | None
    # This connection's open transaction has written knowledge data that is not committed yet: what it reads
    # is not what the stamp describes, so nothing it computes may be shared under the stamp.
    uncommitted_writes: bool = False

    @property
    def etag(self) -> str:
        return f"v{self.version}"


def current(using: str | None = None) -> Stamp:
    """The stamp as the connection for ``using`` (a replica or the primary) sees it; one query."""
    from django.db import router

    from electrolytes.models import DataVersion

    alias = using or router.db_for_read(DataVersion)
    with connections[alias].cursor() as cursor:
        # The note trigger remembers, in a transaction-local setting, the transaction that wrote (FUNCTIONS_SQL).
        cursor.execute(
            "SELECT s.version, s.changed_at, COALESCE(current_setting('electrolytes.data_version_tx', true)"  # noqa: S608
            f" = txid_current_if_assigned()::text, false) FROM (SELECT 1) AS one LEFT JOIN {STAMP_TABLE} AS s"
            " ON s.id = 1"
        )
        version, changed_at, uncommitted = cursor.fetchone()
    return Stamp(version or 0, changed_at, uncommitted)
