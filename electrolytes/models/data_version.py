"""One row that says which version of the knowledge base is being served.

Database triggers (migration 0027_data_version_triggers) bump it at the commit of every transaction that wrote to a
knowledge table, whatever did the writing: services, admin, API, importers or raw SQL. The
response cache and the HTTP validators (ETag, Last-Modified) are derived from it.
"""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """The single stamp row (id 1); written only by the database triggers."""

    version = models.BigIntegerField(help_text="Number from a sequence; never repeats, even after a rollback.")
    changed_at = models.DateTimeField(help_text="When the last writing transaction committed (UTC).")

    class Meta:
        verbose_name = "data version"

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
