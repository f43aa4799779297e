"""A streaming XLSX writer: one sheet, written row by row as the rows arrive.

An XLSX file is a zip of XML parts. ``zipfile`` writing to a stream it cannot
seek puts each entry's sizes in a data descriptor after its data, so the sheet
can be compressed and sent while the rows are still being read: the first bytes
leave at once and memory stays flat, however long the table. Cells are inline
strings (no shared-string table, which would need every row first), numbers,
booleans and dates (with a date format, as Excel's own). The sheet has a bold,
frozen header row, column widths taken from the first rows, and an autofilter;
the workbook part that names the filter's range is written last, once the
number of rows is known.

Cell safety is the caller's text rule (``neutralise``, see writers.py), applied
after dropping the characters XML 1.0 cannot carry. No database access.
"""

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from math import isfinite
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

# Excel refuses longer cells; a longer sentence is cut rather than failing the download.
XLSX_MAX_CELL = 32767
# Characters XML 1.0 cannot carry at all (tab, line feed and carriage return it can).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# How many rows the column widths are measured on, and the widths allowed.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
_FLUSH_BYTES = 64 * 1024

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
_ROOT_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
# Cell styles (the s="" attribute): 0 plain, 1 date, 2 date and time, 3 bold header.
_DATE, _DATETIME, _HEADER = 1, 2, 3
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (they are dropped)."""
    return XML_ILLEGAL.sub("", text) if XML_ILLEGAL.search(text) else text


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    # Carriage returns are written as references: a parser turns a raw one into "\n".
    body = escape(text, {"\r": "&#13;"})
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'


def _cell(ref: str, value: Any, text_rule: Callable[[str], str]) -> str:
    """One ``<c>`` element; "" for an empty cell."""
    cls = value.__class__
    if value is None:
        return ""
    if cls is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if cls is int or (cls is float and isfinite(value)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if cls is Decimal:
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
    if cls is datetime:
        # Excel has no time zones; the values are UTC.
        return f'<c r="{ref}" s="{_DATETIME}"><v>{to_excel(value.replace(tzinfo=None))}</v></c>'
    if cls is date:
        return f'<c r="{ref}" s="{_DATE}"><v>{to_excel(value)}</v></c>'
    # Drop what XML (and Excel) cannot store *before* the formula check, or
    # "\x0b+3+3" would pass it and be shown as "+3+3".
    return _text_cell(ref, text_rule(xml_text(str(value)))[:XLSX_MAX_CELL])


def _shown_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    return len(str(value).split("\n", 1)[0])


def column_widths(columns: list[str], rows: Iterable[dict[str, Any]]) -> list[int]:
    """A width per column: its header or its longest value in ``rows``, within bounds."""
    widths = [len(c) + 2 for c in columns]  # room for the autofilter button
    for row in rows:
        for i, column in enumerate(columns):
            widths[i] = max(widths[i], _shown_length(row[column]) + 1)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


class _Sink:
    """A write-only, unseekable file: what zipfile writes is collected until taken."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts, self.size = [], 0
        return data


def xlsx_chunks(
    *, sheet_name: str, columns: list[str], rows: Iterable[dict[str, Any]], text_rule
) -> Iterator[bytes]:
    """The workbook as bytes, in chunks, as the rows are read.

    ``text_rule`` turns each text cell (headers included) into what is written,
    e.g. the formula neutralising of writers.py.
    """
    sink = _Sink()
    letters = [get_column_letter(i + 1) for i in range(len(columns))]
    last = letters[-1] if letters else "A"
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = column_widths(columns, sample)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        count = 0
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)
            )
            header = "".join(
                _text_cell(f"{letter}1", text_rule(xml_text(name)), _HEADER)
                for letter, name in zip(letters, columns, strict=True)
            )
            sheet.write(
                (
                    _XML_HEAD + f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView '
                    'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                    'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                    f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
                    f'<sheetData><row r="1">{header}</row>'
                ).encode()
            )
            yield sink.take()  # the first bytes leave before any row is written
            batch: list[str] = []
            size = 0
            for count, row in enumerate(chain(sample, rows), start=2):
                cells = "".join(
                    _cell(f"{letter}{count}", row[column], text_rule)
                    for letter, column in zip(letters, columns, strict=True)
                )
                line = f'<row r="{count}">{cells}</row>'
                batch.append(line)
                size += len(line)
                if size >= _FLUSH_BYTES:
                    sheet.write("".join(batch).encode("utf-8"))
                    batch, size = [], 0
                    if sink.size >= _FLUSH_BYTES:
                        yield sink.take()
            last_row = max(count, 1)
            batch.append(f'</sheetData><autoFilter ref="A1:{last}{last_row}"/></worksheet>')
            sheet.write("".join(batch).encode("utf-8"))
        name = quoteattr(xml_text(sheet_name))
        quoted = "'" + xml_text(sheet_name).replace("'", "''") + "'"
        package.writestr(
            "xl/workbook.xml",
            _XML_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name={name} sheetId="1" r:id="rId1"/></sheets><definedNames>'
            '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{escape(quoted)}!$A$1:${last}${last_row}</definedName></definedNames></workbook>",
        )
    yield sink.take()
