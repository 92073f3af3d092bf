"""A material search whose text filter runs once per request.

A paginator asks for the count, then for one page. With a text filter both are expensive (the filter is a
union of full-text, substring and similarity look-ups), so :class:`MatchedOnce` answers the count with the
ordered ids of every match (one query in place of ``SELECT count(*)``) and a slice taken after that with the
rows of just those ids, read by primary key from the same query without the text filter. The number of
queries is the same; the filter is evaluated once.
"""

from __future__ import annotations

from django.db.models import QuerySet

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
            # The annotations the order refers to are selected too: masked ones would be inlined, and a constant
            # one (no alias matched) would read as ORDER BY <column position>.
            ranked = [name for name in self._ordering_annotations() if name != "pk"]
            matches = super().values_list("pk", *ranked)
            self._matched_ids = caching.shared_result(
                "matched-ids", matches.query, lambda: [row[0] for row in matches], using=self.db
            )
        return len(self._matched_ids)

    def _ordering_annotations(self) -> list[str]:
        names = []
        for expression in self.query.order_by:
            inner = getattr(expression, "expression", None)
            name = getattr(inner, "name", None)
            if name in self.query.annotations and name not in names:
                names.append(name)
        return names

    def __getitem__(self, k):
        if self._matched_ids is None or self._result_cache is not None or not isinstance(k, slice):
            return super().__getitem__(k)
        # The same ORDER BY over a handful of ids gives the page in the order the ids were counted in.
        return self._unfiltered.filter(pk__in=self._matched_ids[k])
