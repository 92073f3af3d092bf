"""A material search whose text filter runs once per request.

A paginator asks for the count, then for one page. With a text filter both are expensive (the filter is a
union of full-text, substring and similarity look-ups), so :class:`MatchedOnce` answers the count with the
ordered ids of every match (one query in place of ``SELECT count(*)``) and a slice taken after that with the
rows of just those ids, read by primary key from the same query without the text filter. The number of
queries is the same; the filter is evaluated once.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql import Query

from electrolytes import caching


class MatchedOnce(QuerySet):
    """A filtered queryset that remembers the ordered ids of its matches once counted (and shares them
    under the data-version stamp, caching.shared_result, so an equal search reuses them).

    ``unfiltered`` is the same query (annotations, ordering) without the expensive filter. Only the queryset
    the caller counted remembers the ids; a clone (a further filter, another order) behaves as any queryset.
    """

    shares_its_count = True  # caching.SharedCountPaginator leaves the count to count() below

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._unfiltered: QuerySet | None = None
        self._matched_ids: list[int] | None = None

    @classmethod
    def of(cls, filtered: QuerySet, *, unfiltered: QuerySet) -> MatchedOnce:
        results = cls(model=filtered.model, query=filtered.query.chain(), using=filtered._db, hints=filtered._hints)
        results._prefetch_related_lookups = filtered._prefetch_related_lookups
        results._unfiltered = unfiltered
        return results

    def count(self) -> int:
        if self._unfiltered is None or self._result_cache is not None or self.query.is_sliced:
            return super().count()
        if self._matched_ids is None:
            matches = super().values_list("pk").query
            self._matched_ids = caching.shared_result(
                "matched-ids", matches, lambda: _ordered_ids(matches, self.db), using=self.db
            )
        return len(self._matched_ids)

    def __getitem__(self, k):
        if self._matched_ids is None or self._result_cache is not None or not isinstance(k, slice):
            return super().__getitem__(k)
        # The same ORDER BY over a handful of ids gives the page in the order the ids were counted in.
        return self._unfiltered.filter(pk__in=self._matched_ids[k])


def _ordered_ids(matches: Query, using: str) -> list[int]:
    """The ids ``matches`` selects, in its order, read as one array (``SELECT ARRAY(...)``: the rows collected
    in the order the query sorts them) rather than as a row each: thousands of matches are then one value to
    fetch and convert, not thousands. The rank expressions the order uses are written inline in its ORDER BY,
    not selected."""
    try:
        sql, params = matches.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet, e.g. an integer bound beyond 64 bits
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT ARRAY({sql})", params)
        return cursor.fetchone()[0]
