"""Read replicas: anonymous reads go to a PostgreSQL hot standby, everything else to the primary.

``DATABASE_REPLICA_URLS`` (comma-separated postgres:// URLs) adds the aliases ``replica1``,
``replica2``... The middleware marks each request: only GET, HEAD and OPTIONS requests without a
login may read from a replica, and then only the knowledge tables (sessions, users, the cache
table and the log-in records are always read where they are written). Every write, and every
read made by a request that may write (any other method, or any logged-in user), goes to the
primary, so a curator always sees what they have just saved. Management commands and background
work run outside requests and use the primary.

A replica may lag the primary by a moment; anonymous readers can see the previous version for
that long, and the response cache follows the stamp the replica has.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA_PREFIX = "replica"
# Apps whose tables are served to readers and replicated; everything else stays on the primary.
REPLICATED_APPS = frozenset({"electrolytes"})
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads_allowed: ContextVar[bool] = ContextVar("replica_reads_allowed", default=False)


def replica_databases(primary: dict, urls: list[str]) -> dict[str, dict]:
    """DATABASES entries for the replica URLs, with the primary's connection options."""
    replicas = {}
    for number, url in enumerate(urls, start=1):
        config = dj_database_url.parse(url, conn_max_age=primary.get("CONN_MAX_AGE", 0))
        if config.get("ENGINE") != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS entry {number} must point at PostgreSQL (postgres://...)."
            )
        config["OPTIONS"] = {**primary.get("OPTIONS", {}), **config.get("OPTIONS", {})}
        # Tests read the primary's test database through the replica aliases.
        config["TEST"] = {"MIRROR": PRIMARY}
        replicas[f"{REPLICA_PREFIX}{number}"] = config
    return replicas


def replica_aliases() -> list[str]:
    return [alias for alias in connections.settings if alias.startswith(REPLICA_PREFIX)]


class ReadReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if (
            _replica_reads_allowed.get()
            and model._meta.app_label in REPLICATED_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            replicas = replica_aliases()
            if replicas:
                return random.choice(replicas)
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY


class ReadReplicaMiddleware:
    """Lets the router use a replica for the reads of this request when it cannot write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from electrolytes.caching import is_anonymous

        allowed = request.method in READ_ONLY_METHODS and is_anonymous(request)
        token = _replica_reads_allowed.set(allowed)
        try:
            return self.get_response(request)
        finally:
            _replica_reads_allowed.reset(token)
