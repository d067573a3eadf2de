"""CSV writers whose cells a spreadsheet shows as text and never runs as formulas.

OWASP's CSV injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage
return or a line feed may be evaluated by Excel, LibreOffice or Google Sheets (a supporter named
`=HYPERLINK(...)` would become a link in the client's own download), and so may one that starts
so behind leading whitespace (`" =1"`, `"\u00a0=1"`), since some spreadsheets trim it on import.
Such a cell is written with a single quote in front, which spreadsheets show as text. Every
cell, numbers included, is also written in double quotes: Excel in a locale whose list
separator is `;` (or `|`) splits an unquoted `a;=1+1` and runs `=1+1`, while a separator inside
quotes stays text. So whatever
separator a spreadsheet assumes, each field it reads starts where a cell starts. Every CSV the
project writes goes through `writer` or `DictWriter` here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    _DictWriterBase = csv.DictWriter[str]
else:  # csv.DictWriter is generic only to type checkers before Python 3.12
    _DictWriterBase = csv.DictWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTING = {"quoting": csv.QUOTE_ALL}


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: text starting like a formula gets a quote."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = str(value)
    formula = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    return "'" + text if formula else text


class SafeWriter:
    """csv.writer with every cell passed through `safe_cell` and quoted."""

    def __init__(self, stream: Any, *args: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, *args, **{**kwargs, **QUOTING})
        self.dialect = self._writer.dialect

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, *args: Any, **kwargs: Any) -> SafeWriter:
    return SafeWriter(stream, *args, **kwargs)


class DictWriter(_DictWriterBase):
    """csv.DictWriter with every cell, the header included, passed through `safe_cell` and
    quoted."""

    def __init__(self, stream: Any, fieldnames: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(stream, fieldnames, *args, **{**kwargs, **QUOTING})

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
