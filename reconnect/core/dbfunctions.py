"""Database functions the ORM lacks in a fast form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import DateField, Func
from django.db.models.functions import TruncDate


class LocalDate(Func):
    """The calendar date of a timestamp in the site's time zone, computed by the database.

    SQLite's own date() is used when the site runs on UTC (Django's TruncDate calls back into
    Python for every row there, which is far slower on long lists).
    """

    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if settings.TIME_ZONE == "UTC":
            return super().as_sql(compiler, connection, function="date", **extra)
        return TruncDate(*self.source_expressions).as_sql(compiler, connection)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        return TruncDate(*self.source_expressions).as_sql(compiler, connection)
