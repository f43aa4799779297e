"""Writers: an ``Export`` (columns and row dicts) as CSV or JSON text chunks, or XLSX.

Spreadsheet safety (OWASP "CSV injection"): in CSV and XLSX a text cell that
starts with ``=``, ``+``, ``-``, ``@`` (or their fullwidth forms ``＝＋－＠``),
also after leading spaces (NBSP and other Unicode spaces included) or control
characters, or that starts with tab or carriage return, gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it as a
formula (``neutralise``, shared by both writers). XLSX drops the control
characters Excel cannot store before that check. Numbers stay numbers. JSON
keeps the exact text.

No database access: the rows arrive already read.
"""

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sources.opendata.xlsx import xlsx_chunks as stream_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A text cell starting with one of these is read as a formula (tab and CR by some
# importers); the fullwidth forms are read as formulas by Excel too.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# ...also after leading whitespace (str.isspace: NBSP, ideographic and other
# Unicode spaces, line breaks), control characters or invisible format characters.
_FORMULA_AFTER_BLANKS = re.compile(
    r"[\s\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]"
)
_CSV_BATCH_CHARS = 64 * 1024


@dataclass
class Export:
    """One table ready to write: ``columns`` in order, ``rows`` a one-shot iterator of dicts."""

    table: str
    columns: list[str]
    rows: Iterator[dict[str, Any]]


# --- Cell values --------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A leading apostrophe for text a spreadsheet would read as a formula.

    The one check for CSV and XLSX cells (headers included). Only for text:
    numbers are written as numbers and never pass through here.
    """
    if not text:
        return text
    first = text[0]
    if first in FORMULA_TRIGGERS:
        return "'" + text
    # Cheap test first: most cells start with a letter or digit.
    if (first.isspace() or first < " " or not first.isprintable()) and (
        _FORMULA_AFTER_BLANKS.match(text)
    ):
        return "'" + text
    return text


def csv_cell(value: Any) -> Any:
    """One CSV value: text neutralised, dates ISO, booleans true/false, None empty."""
    # Exact type checks first: this runs for every cell of every row.
    cls = value.__class__
    if cls is str:
        return neutralise(value)
    if cls is int or cls is float:
        return value  # a number, negative ones included: not a formula
    if value is None:
        return ""
    if cls is bool:
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(export: Export) -> Iterator[str]:
    """The table as CSV text: the header at once, then rows in ~64 KB chunks."""
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(c) for c in export.columns])
    batch: list[str] = []
    size = 0
    for row in export.rows:
        line = writer.writerow([csv_cell(row[c]) for c in export.columns])
        batch.append(line)
        size += len(line)
        if size >= _CSV_BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_chunks(export: Export) -> Iterator[str]:
    """The table as one JSON array of objects, streamed a batch of rows at a time."""
    encoder = json.JSONEncoder(ensure_ascii=False, default=_json_default)
    yield "["
    batch: list[str] = []
    size = 0
    first = True
    for row in export.rows:
        text = encoder.encode({c: row[c] for c in export.columns})
        batch.append(("\n" if first else ",\n") + text)
        first = False
        size += len(text)
        if size >= _CSV_BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    batch.append("\n]\n")
    yield "".join(batch)


def xlsx_chunks(export: Export) -> Iterator[bytes]:
    """The table as a one-sheet workbook, streamed as the rows are read (see xlsx.py)."""
    return stream_xlsx(
        sheet_name=export.table[:31],
        columns=export.columns,
        rows=export.rows,
        text_rule=neutralise,
    )


def write_xlsx(export: Export, file: IO[bytes]) -> None:
    """Write the table as a one-sheet workbook to ``file``; rows are never all in memory."""
    for chunk in xlsx_chunks(export):
        file.write(chunk)


def write_export(export: Export, *, fmt: str, file: IO) -> None:
    """Write the table to an open file: text mode for csv/json, binary for xlsx."""
    if fmt == "xlsx":
        write_xlsx(export, file)
        return
    chunks = csv_chunks(export) if fmt == "csv" else json_chunks(export)
    for chunk in chunks:
        file.write(chunk)
