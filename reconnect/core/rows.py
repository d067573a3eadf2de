"""Hand-written statements for the hottest paths, with model instances in and out, converted
as the ORM would.

An API token's lookup, a group post's seat and the insert of each message and post are one
plain statement each, because compiling the equivalent query costs several times more than
running it (bench/bench_messages.py, bench/bench_groups.py)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


def columns(model: type[models.Model], alias: str = "") -> str:
    """The model's concrete columns in field order, quoted (and prefixed with `alias.`)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{f.column}"' for f in model._meta.concrete_fields)


def to_python(fields: Sequence[Any], values: Sequence[Any]) -> list[Any]:
    """Apply the database backend's converters (aware datetimes, booleans) to the values."""
    return _apply(_converters(tuple(fields), connection.vendor), values)


def from_row(model: type[M], values: Sequence[Any]) -> M:
    """An instance of `model` from a row of its concrete columns in field order."""
    names, converters = _row_shape(model, connection.vendor)
    return model.from_db(connection.alias, names, _apply(converters, values))


def _apply(converters: list[tuple[Any, list[Any]]], values: Sequence[Any]) -> list[Any]:
    converted = []
    for (column, steps), value in zip(converters, values, strict=True):
        for step in steps:
            value = step(value, column, connection)
        converted.append(value)
    return converted


@lru_cache(maxsize=32)
def _row_shape(model: type[models.Model], vendor: str) -> tuple[list[str], list[Any]]:
    """The attribute names and converters of the model's concrete fields, found by model (a
    row's lookup then hashes one class, not every field)."""
    fields = tuple(model._meta.concrete_fields)
    return [f.attname for f in fields], _converters(fields, vendor)


@lru_cache(maxsize=32)
def _converters(fields: tuple[Any, ...], vendor: str) -> list[tuple[Any, list[Any]]]:
    """Each field's column and converters, found once per process (finding them costs more
    than applying them)."""
    found = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        found.append(
            (
                column,
                connection.ops.get_db_converters(column) + column.get_db_converters(connection),
            )
        )
    return found


def insert(instance: M) -> M:
    """Store a new instance in one INSERT … RETURNING its id, as save() would for a new row:
    each field's pre_save (auto_now) and database preparation (encryption included) apply and
    a broken constraint raises IntegrityError. Only for rows the model's own save() would store
    unchanged; where anything listens to its save signals, it falls back to save()."""
    model = type(instance)
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        instance.save(force_insert=True)
        return instance
    fields, sql = _insert_statement(model, connection.vendor)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


@lru_cache(maxsize=32)
def _insert_statement(model: type[models.Model], vendor: str) -> tuple[list[Any], str]:
    pk = model._meta.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    returning = connection.ops.quote_name(pk.column)
    return fields, f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING {returning}"  # noqa: S608 (names come from the model)
