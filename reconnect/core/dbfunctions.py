"""Database functions the ORM lacks in a fast form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import DateField, Func
from django.db.models.functions import TruncDate
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType


class LocalDate(Func):
    """The calendar date of a timestamp in the current time zone (the viewer's, activated by
    reconnect.people.timezones), computed by the database.

    SQLite's own date() is used when that zone is UTC (Django's TruncDate calls back into
    Python for every row there, which is far slower on long lists).
    """

    output_field = DateField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _AsSqlType:
        if timezone.get_current_timezone_name() == "UTC":
            return super().as_sql(compiler, connection, function="date", **extra)
        return self._truncated().as_sql(compiler, connection)

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _AsSqlType:
        return self._truncated().as_sql(compiler, connection)

    def _truncated(self) -> TruncDate:
        (expression,) = self.source_expressions
        return TruncDate(expression)
