"""Database aggregates Django does not ship."""

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    """PostgreSQL's exact median, percentile_cont(0.5) WITHIN GROUP (ORDER BY expression); NULLs are ignored."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class ArgMax(Aggregate):
    """The ``value`` of the row with the largest ``key`` (NULL keys last; ties broken by ``tiebreak`` ascending):
    PostgreSQL's (array_agg(value ORDER BY key DESC NULLS LAST, tiebreak))[1]."""

    name = "ArgMax"

    def __init__(self, value, key, tiebreak, *, output_field):
        super().__init__(value, key, tiebreak, output_field=output_field)

    def as_sql(self, compiler, connection, **extra_context):
        (value_sql, value_params), (key_sql, key_params), (tie_sql, tie_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()[:3]
        )
        sql = f"(ARRAY_AGG({value_sql} ORDER BY {key_sql} DESC NULLS LAST, {tie_sql}))[1]"
        return sql, (*value_params, *key_params, *tie_params)
