"""Formula injection: text that a spreadsheet would run is written as text, numbers stay numbers."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sources.opendata.writers import Export, csv_cell, csv_chunks, neutralise, write_xlsx
from tests.factories import make_claim, make_mention, make_outlet, make_source
from tests.helpers import read_rows

# Each hides a formula behind something a spreadsheet skips, or in a lookalike character.
DISGUISED = [
    ' =HYPERLINK("http://evil.example")',  # leading space
    "\u00a0=2+2",  # no-break space
    "\u3000+9+9",  # ideographic space
    "\u2003@SUM(A1)",  # em space
    "\uff1d1+1",  # fullwidth equals
    "\uff0b5+5",  # fullwidth plus
    "\uff0d4+4",  # fullwidth minus
    "\uff20SUM(B1)",  # fullwidth at
    "-1+2",  # looks like a number, is a formula
]
# Control characters Excel cannot store: XLSX drops them, and what is left starts a formula.
# (NUL too, but PostgreSQL cannot store it: see test_xlsx_drops_nul_before_neutralising.)
CONTROLLED = {"\x0b+3+3": "+3+3", "\x1f-7-7": "-7-7", "\x0c@A1": "@A1"}
HARMLESS = ["plain words", " leading space only", "a = b", "49 points", "x-1"]


@pytest.fixture
def disguised_mentions(db):
    texts = [*DISGUISED, *CONTROLLED, *HARMLESS]
    body = " ".join(f"{text} said one." for text in texts)
    source = make_source(body, title="\u00a0=cmd", outlet=make_outlet(name="Disguise Outlet"))
    claim = make_claim(slug="disguised", statement="\uff1dformula claim")
    for text in texts:
        make_mention(claim=claim, source=source, quote=text)
    return texts


def test_csv_neutralises_disguised_formulas_and_keeps_other_text(download, disguised_mentions):
    rows = download("mentions", "csv")

    quotes = {r["quote"] for r in rows}
    for text in [*DISGUISED, *CONTROLLED]:
        assert "'" + text in quotes
    for text in HARMLESS:
        assert text in quotes
    assert {r["source_title"] for r in rows} == {"'\u00a0=cmd"}
    assert {r["claim"] for r in rows} == {"'\uff1dformula claim"}


def test_xlsx_drops_control_characters_before_neutralising(client, disguised_mentions):
    response = client.get("/export/mentions.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]

    quotes = {r["quote"] for r in read_rows(client.get("/export/mentions.xlsx"), "xlsx")}
    for shown in CONTROLLED.values():
        assert "'" + shown in quotes
    for text in DISGUISED:
        assert "'" + text in quotes
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if str(c.value).lstrip().startswith(("=", "+", "-", "@"))]


def test_xlsx_drops_nul_before_neutralising():
    def export() -> Export:
        return Export(table="t", columns=["quote"], rows=iter([{"quote": "\x00=1+1"}]))

    file = io.BytesIO()
    write_xlsx(export(), file)
    cell = load_workbook(file).active["A2"]

    assert cell.value == "'=1+1" and cell.data_type == "s"
    assert "".join(csv_chunks(export())).splitlines()[1] == "'\x00=1+1"


def test_json_keeps_the_exact_text(download, disguised_mentions):
    quotes = {r["quote"] for r in download("mentions", "json")}
    assert quotes == set(disguised_mentions)


def test_negative_numbers_stay_numbers(client, db):
    make_claim(slug="a-drop", kind="benchmark", value=Decimal("-1.5"), unit="points")

    (csv_row,) = read_rows(client.get("/export/claims.csv"), "csv")
    (xlsx_row,) = read_rows(client.get("/export/claims.xlsx"), "xlsx")

    assert csv_row["value"] == "-1.5"
    assert xlsx_row["value"] == -1.5
    assert csv_cell(-3) == -3 and csv_cell(-2.5) == -2.5
    assert csv_cell("-3") == "'-3"  # text that a spreadsheet would compute


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("\n=1", "'\n=1"),
        ("\u200b=1", "'\u200b=1"),
        ("", ""),
        ("   ", "   "),
        ("x=1", "x=1"),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected
