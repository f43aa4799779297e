"""Downloads a fact-checker can trust: named after their filters, spreadsheets that are
ready to sort and stream from the first byte, and a loud failure instead of half a file."""

import io
from datetime import date
from itertools import count

import pytest
from django.db import OperationalError, connection
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sources.opendata.tables import MENTION_COLUMNS
from tests.helpers import read_rows

TABLES = ["mentions", "claims", "sources", "coverage", "events"]


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"claim": "firm-relied-on-rival"}, "mentions-claim-firm-relied-on-rival"),
        (
            {"outlet": "wire-daily", "stance": "disputes", "reviewed": "true"},
            "mentions-outlet-wire-daily-stance-disputes-reviewed-true",
        ),
        ({"verdict": "none", "q": "Rival  model"}, "mentions-verdict-none-q-rival-model"),
        ({"published_after": "2026-05-02"}, "mentions-published_after-2026-05-02"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_file_names_say_the_filters(client, corpus, params, name, fmt):
    response = client.get(f"/export/mentions.{fmt}", params)

    today = date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.{fmt}"'
    # Read to the end: an export holds its database cursor open from the start (it read
    # the first rows before answering); an abandoned one would close it at random later.
    b"".join(response.streaming_content)


def test_xlsx_has_a_frozen_bold_header_widths_and_an_autofilter_and_typed_cells(client, corpus):
    sheet = workbook(client.get("/export/mentions.xlsx"))

    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(MENTION_COLUMNS))
    assert sheet.auto_filter.ref == f"A1:{last}7"  # every column, a header and six mentions
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    header = [c.value for c in sheet[1]]
    widths = {
        name: sheet.column_dimensions[cell.column_letter].width
        for name, cell in zip(header, sheet[1], strict=True)
    }
    assert all(8 <= w <= 60 for w in widths.values())
    assert widths["quote"] > widths["stance"] and widths["source_page"] > widths["end"]
    # Still typed cells: numbers, dates and text as text.
    (row, *_) = read_rows(client.get("/export/sources.xlsx"), "xlsx")

    assert row["word_count"] == corpus.sources[2].word_count  # a number
    assert row["published"].date() == date(2026, 5, 9)  # a date cell
    assert row["source_origin"] == corpus.sources[2].origin


def test_xlsx_starts_before_the_rows_are_read():
    from sources.opendata.writers import Export, xlsx_chunks

    read = count()

    def rows():
        for n in range(100_000):
            next(read)
            yield {"n": n, "text": f"row {n}"}

    chunks = xlsx_chunks(Export(table="big", columns=["n", "text"], rows=rows()))
    first = next(chunks)

    assert first.startswith(b"PK")
    assert next(read) <= 201  # only the rows the column widths are measured on
    rest = b"".join(chunks)
    sheet = load_workbook(io.BytesIO(first + rest), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 100_001


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_fails_before_the_first_byte_when_the_database_is_down(client, corpus, table, fmt):
    with connection.execute_wrapper(_database_down):
        response = client.get(f"/export/{table}.{fmt}")

    assert response.status_code == 503
    assert not response.streaming
    assert response["Content-Type"].startswith("text/plain")
    assert "database did not answer" in response.content.decode()
    assert "Content-Disposition" not in response
