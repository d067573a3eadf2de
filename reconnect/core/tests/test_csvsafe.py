"""CSV cells never start like a formula, and nothing else about them changes."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from reconnect.core import csvsafe

# Whitespace a spreadsheet may trim on import, before a formula start.
leading_space = st.text(alphabet=" \t\r\n\u00a0\u2003\u3000\x0b\x0c", max_size=4)
cells = st.one_of(
    st.text(),
    st.sampled_from(csvsafe.FORMULA_STARTS).flatmap(lambda c: st.text().map(lambda t: c + t)),
    st.tuples(leading_space, st.sampled_from(csvsafe.FORMULA_STARTS), st.text()).map("".join),
)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _starts_like_a_formula(cell: str) -> bool:
    return cell.startswith(csvsafe.FORMULA_STARTS) or cell.lstrip().startswith(
        csvsafe.FORMULA_STARTS
    )


def _expected(cell: str) -> str:
    """The cell with one quote in front exactly when it starts like a formula, behind any
    leading whitespace or not."""
    return "'" + cell if _starts_like_a_formula(cell) else cell


@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=5))
def test_no_cell_read_back_starts_like_a_formula_and_each_keeps_its_text(rows):
    out = io.StringIO(newline="")
    csvsafe.writer(out).writerows(rows)
    read = _read(out.getvalue())
    assert len(read) == len(rows)
    for written, original in zip(read, rows, strict=True):
        assert not any(_starts_like_a_formula(cell) for cell in written)
        assert written == [_expected(cell) for cell in original]


@given(st.dictionaries(st.sampled_from(["who", "what", "why"]), cells, min_size=3))
def test_the_dict_writer_escapes_every_value_and_keeps_the_header(row):
    out = io.StringIO(newline="")
    writer = csvsafe.DictWriter(out, fieldnames=["who", "what", "why"])
    writer.writeheader()
    writer.writerow(row)
    header, values = _read(out.getvalue())
    assert header == ["who", "what", "why"]
    assert not any(_starts_like_a_formula(cell) for cell in values)
    assert values == [_expected(row[k]) for k in header]


def spreadsheet_fields(text: str, separator: str) -> list[str]:
    """The fields a spreadsheet that assumes `separator` makes of the file: a double quote
    switches quoting on or off (two inside quotes are one quote), and only a separator or line
    break outside quotes ends a field."""
    fields, field, quoted, at = [], "", False, 0
    while at < len(text):
        char, at = text[at], at + 1
        if char == '"' and quoted and text[at : at + 1] == '"':
            field, at = field + '"', at + 1
        elif char == '"':
            quoted = not quoted
        elif not quoted and (char == separator or char in "\r\n"):
            fields.append(field)
            field = ""
        else:
            field += char
    return [*fields, field]


# Cells made of separators, formula characters, quotes and line breaks, often side by side.
pieces = [";", "|", ",", "\t", "=", "+", "-", "@", '"', "'", " ", "a", "1", "\r", "\n"]
separated = st.lists(
    st.lists(st.sampled_from([*pieces, ";=", "|@", ",+", "\t-"]), max_size=6).map("".join),
    min_size=1,
    max_size=5,
)


@given(st.lists(separated, min_size=1, max_size=4), st.sampled_from([";", "|", ",", "\t"]))
def test_no_field_starts_like_a_formula_whatever_separator_the_spreadsheet_assumes(rows, separator):
    out = io.StringIO(newline="")
    csvsafe.writer(out).writerows(rows)
    fields = spreadsheet_fields(out.getvalue(), separator)
    assert not any(field.startswith(csvsafe.FORMULA_STARTS) for field in fields)


def test_a_semicolon_before_a_formula_stays_inside_its_quoted_cell():
    out = io.StringIO(newline="")
    csvsafe.writer(out).writerow(["Robin", ";=1+1", "a|@SUM(1)", 3])
    assert out.getvalue() == '"Robin",";=1+1","a|@SUM(1)","3"\r\n'
    assert "=1+1" not in spreadsheet_fields(out.getvalue(), ";")


def test_numbers_stay_numbers_and_text_that_looks_like_a_formula_is_quoted():
    assert csvsafe.safe_cell(-3) == -3 and csvsafe.safe_cell(2.5) == 2.5
    assert csvsafe.safe_cell("-3") == "'-3"
    assert csvsafe.safe_cell('=HYPERLINK("https://evil.example")') == (
        '\'=HYPERLINK("https://evil.example")'
    )
    assert csvsafe.safe_cell("Robin Lee") == "Robin Lee"
    assert csvsafe.safe_cell(None) is None


def test_a_formula_behind_leading_whitespace_is_quoted_too():
    for cell in [" =1", "\n=1+1", "\u00a0=1", " @x", "\t =SUM(1)", "\n"]:
        assert csvsafe.safe_cell(cell) == "'" + cell
    assert csvsafe.safe_cell("  Robin Lee") == "  Robin Lee"
