"""Database aggregates Django does not ship."""

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    """PostgreSQL's exact median, percentile_cont(0.5) WITHIN GROUP (ORDER BY expression); NULLs are ignored."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
