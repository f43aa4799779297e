"""`manage.py export_claims` writes the same rows as the web export."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.helpers import read_rows


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_claims", *args, "--base-url", "http://testserver", stdout=out)
    return out.getvalue()


def web(client, path: str, **params) -> str:
    response = client.get(path, params)
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_stdout_equals_the_web_export(client, corpus, fmt):
    assert run("--format", fmt) == web(client, f"/export/mentions.{fmt}")


@pytest.mark.parametrize("table", ["claims", "sources", "coverage", "events"])
def test_other_tables_equal_the_web_export(client, corpus, table):
    assert run("--table", table) == web(client, f"/export/{table}.csv")


def test_filters_equal_the_web_filters(client, corpus):
    args = ("--outlet", "wire-daily", "--stance", "supports", "--published-before", "2026-05-05")
    params = {"outlet": "wire-daily", "stance": "supports", "published_before": "2026-05-05"}
    output = run(*args)
    assert output == web(client, "/export/mentions.csv", **params)
    assert output.count("\n") == 1 + 3  # header and the wire's three supporting mentions


def test_output_file(client, corpus, tmp_path):
    target = tmp_path / "mentions.csv"
    run("--output", str(target))
    assert target.read_bytes().decode() == web(client, "/export/mentions.csv")

    workbook = tmp_path / "claims.xlsx"
    run("--table", "claims", "--format", "xlsx", "--output", str(workbook))
    sheet = load_workbook(workbook, read_only=True).active
    web_rows = read_rows(client.get("/export/claims.xlsx"), "xlsx")
    rows = list(sheet.iter_rows(values_only=True))
    assert [dict(zip(rows[0], r, strict=True)) for r in rows[1:]] == web_rows


def test_xlsx_needs_an_output_file_and_bad_dates_fail(db):
    with pytest.raises(CommandError, match="--output"):
        run("--format", "xlsx")
    with pytest.raises(CommandError, match="published_after"):
        run("--published-after", "soon")
