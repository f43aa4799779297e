"""Downloads of every table in every format, checked against the database."""

from datetime import date

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from sources.models import Claim, Mention, Source
from tests.factories import make_claim, make_event, make_mention, make_outlet, make_source
from tests.helpers import read_rows

FORMATS = ["csv", "json", "xlsx"]
PROVENANCE = ("source_origin", "source_url", "start", "end", "quote")


def as_int(value) -> int:
    return int(value)


def test_export_url_names_resolve():
    assert reverse("export", kwargs={"table": "coverage", "fmt": "csv"}) == "/export/coverage.csv"
    assert reverse("export_claimreview") == "/export/claimreview.json"


@pytest.mark.parametrize("fmt", FORMATS)
def test_mentions_export_has_every_mention_with_its_provenance(download, corpus, fmt):
    rows = download("mentions", fmt)

    assert sorted(as_int(r["mention_id"]) for r in rows) == sorted(m.pk for m in corpus.mentions)
    for row in rows:
        mention = Mention.objects.select_related("claim", "source__outlet").get(
            pk=row["mention_id"]
        )
        source = mention.source
        assert row["claim_slug"] == mention.claim.slug
        assert row["claim"] == mention.claim.statement
        assert row["claim_kind"] == mention.claim.kind
        assert row["source_origin"] == source.origin
        assert row["source_title"] == source.title
        assert (row["source_url"] or "") == source.url
        assert row["outlet"] == source.outlet.name
        assert str(row["published"])[:10] == source.published.isoformat()
        assert row["quote"] == mention.quote
        # The offsets slice the quote back out of the article: a fact-checker can verify it.
        assert source.body[as_int(row["start"]) : as_int(row["end"])] == row["quote"]
        assert row["sentence"] == mention.sentence
        assert (row["qualifier"] or "") == mention.qualifier
        assert (row["variant"] or "") == mention.variant
        assert row["stance"] == mention.stance
        assert row["method"] == mention.method
        assert str(row["reviewed"]).lower() == str(mention.reviewed).lower()
        assert (row["verdict"] or "") == mention.claim.verdict
        assert row["mention_url"].endswith(f"/sources/{source.pk}/#mention-{mention.pk}")


def test_mentions_csv_columns_start_with_the_fact_checkers_table(download, corpus):
    rows = download("mentions", "csv")
    expected = [
        "claim_slug", "claim", "claim_kind", "source_origin", "source_title", "source_url",
        "outlet", "published", "quote", "start", "end", "sentence", "qualifier", "variant",
        "stance", "method", "reviewed", "verdict",
    ]  # fmt: skip
    assert list(rows[0])[: len(expected)] == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_claims_export_counts_sources_per_stance(download, corpus, fmt):
    rows = {r["claim_slug"]: r for r in download("claims", fmt)}

    assert set(rows) == {c.slug for c in corpus.claims}
    for claim in corpus.claims:
        mentions = list(claim.mentions.all())
        sources = {m.source_id for m in mentions}
        row = rows[claim.slug]
        assert as_int(row["sources_reporting"]) == len(sources)
        assert as_int(row["supporting"]) == len(
            {m.source_id for m in mentions if m.stance == "supports"}
        )
        assert as_int(row["disputing"]) == len(
            {m.source_id for m in mentions if m.stance == "disputes"}
        )
        assert as_int(row["with_qualifier"]) == len({m.source_id for m in mentions if m.qualifier})
        assert as_int(row["mentions"]) == len(mentions)
        assert (row["verdict"] or "") == claim.verdict
    relied = rows["firm-relied-on-rival"]
    assert relied["speaker"] == "Ada Speaker"
    assert as_int(relied["sources_reporting"]) == 3
    assert as_int(relied["with_qualifier"]) == 2
    assert as_int(rows["terms-forbid-competing"]["disputing"]) == 1
    assert as_int(rows["never-reported"]["sources_reporting"]) == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_sources_export_lists_every_source(download, corpus, fmt):
    rows = download("sources", fmt)

    assert [as_int(r["source_id"]) for r in rows] == [s.pk for s in reversed(corpus.sources)]
    for row in rows:
        source = Source.objects.get(pk=row["source_id"])
        assert row["source_origin"] == source.origin
        assert (row["source_url"] or "") == source.url
        assert as_int(row["mentions"]) == source.mentions.count()
        assert as_int(row["claims"]) == source.mentions.values("claim").distinct().count()


@pytest.mark.parametrize("fmt", FORMATS)
def test_coverage_export_has_a_cell_per_claim_and_source(download, corpus, fmt):
    rows = {r["claim_slug"]: r for r in download("coverage", fmt)}

    assert set(rows) == {c.slug for c in corpus.claims}
    for claim in corpus.claims:
        for source in corpus.sources:
            cell = rows[claim.slug][source.origin] or ""
            stances = {m.stance for m in claim.mentions.filter(source=source)}
            assert bool(cell) == bool(stances)
            assert all(stance in cell for stance in stances)
    first, second, third = (s.origin for s in corpus.sources)
    assert rows["firm-relied-on-rival"][first] == "supports (partly)"
    assert rows["firm-relied-on-rival"][third] == "mentions (in part)"
    assert rows["terms-forbid-competing"][second] == "disputes"


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_export(download, corpus, fmt):
    rows = download("events", fmt)

    assert [r["event_slug"] for r in rows] == ["testimony"]
    row = rows[0]
    assert row["claims"] == "firm-relied-on-rival"
    origins = sorted(s.origin for s in (corpus.sources[0], corpus.sources[2]))
    assert row["source_origins"] == "; ".join(origins)
    assert str(row["date"])[:10] == "2026-04-30"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"outlet": "wire-daily"},
            lambda: Mention.objects.filter(source__outlet__slug="wire-daily"),
        ),
        ({"stance": "disputes"}, lambda: Mention.objects.filter(stance="disputes")),
        ({"kind": "quote"}, lambda: Mention.objects.filter(claim__kind="quote")),
        (
            {"claim": "terms-forbid-competing", "outlet": "blog-weekly"},
            lambda: Mention.objects.filter(
                claim__slug="terms-forbid-competing", source__outlet__slug="blog-weekly"
            ),
        ),
        (
            {"published_after": "2026-05-02"},
            lambda: Mention.objects.filter(source__published__gte=date(2026, 5, 2)),
        ),
    ],
)
def test_filtered_mentions_export_matches_filtered_rows(download, corpus, fmt, params, expected):
    rows = download("mentions", fmt, **params)

    wanted = sorted(expected().values_list("pk", flat=True))
    assert wanted, "the filter should keep some mentions"
    assert wanted != sorted(m.pk for m in corpus.mentions), "the filter should drop some"
    assert sorted(as_int(r["mention_id"]) for r in rows) == wanted


def test_filtered_claims_and_coverage_exports_follow_the_filters(download, corpus):
    claims = download("claims", "csv", outlet="blog-weekly")
    assert {r["claim_slug"] for r in claims} == {"firm-relied-on-rival", "terms-forbid-competing"}
    # Counts cover the filtered view: only the blog's one source.
    assert {r["sources_reporting"] for r in claims} == {"1"}

    coverage = download("coverage", "csv", kind="policy_clause")
    assert [r["claim_slug"] for r in coverage] == ["terms-forbid-competing"]
    blog_only = download("coverage", "csv", outlet="blog-weekly")
    origins = set(blog_only[0]) - {"claim_slug", "claim", "claim_kind", "verdict", "claim_url"}
    assert origins == {corpus.sources[1].origin}


def test_sources_and_events_exports_follow_the_filters(download, corpus):
    wire = download("sources", "json", outlet="wire-daily")
    assert {r["source_id"] for r in wire} == {corpus.sources[0].pk, corpus.sources[2].pk}
    assert download("events", "json", outlet="blog-weekly") == []
    assert len(download("events", "json", claim="firm-relied-on-rival")) == 1


FORMULAS = [
    '=HYPERLINK("http://evil.example")',
    "+1+2",
    "-3+cmd",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturn",
]


@pytest.fixture
def formula_mentions(db):
    body = " ".join(f"{text} said one." for text in FORMULAS)
    source = make_source(
        body, title="=cmd|' /C calc'!A0", outlet=make_outlet(name="Formula Outlet")
    )
    claim = make_claim(slug="formulas", statement="@formula claim")
    return [make_mention(claim=claim, source=source, quote=text) for text in FORMULAS]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_exports_neutralise_formulas(download, formula_mentions, fmt):
    rows = download("mentions", fmt)

    quotes = sorted(r["quote"] for r in rows)
    assert quotes == sorted("'" + text for text in FORMULAS)
    assert {r["source_title"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert {r["claim"] for r in rows} == {"'@formula claim"}


def test_xlsx_stores_formula_like_text_as_text(client, formula_mentions):
    import io

    from openpyxl import load_workbook

    response = client.get("/export/mentions.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert all(not str(c.value).startswith(("=", "+", "@")) for c in cells if c.value)


def test_json_export_keeps_the_exact_quotes(download, formula_mentions):
    rows = download("mentions", "json")
    assert sorted(r["quote"] for r in rows) == sorted(FORMULAS)


@pytest.mark.parametrize(
    ("table", "queries"),
    # mentions: one query + who-had-it-first for all its claims (one, issue 16 §6);
    # sources: one + the copy groups (one); claims: + subjects prefetch + the claim-source
    # pairs and copy links behind ``independent_reports``; coverage: origins, claims,
    # mentions; events: + three prefetches.
    [("mentions", 2), ("sources", 2), ("claims", 4), ("coverage", 3), ("events", 4)],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_query_count_does_not_grow_with_rows(
    client, corpus, django_assert_num_queries, table, queries, fmt
):
    def download_all() -> int:
        with django_assert_num_queries(queries):
            response = client.get(f"/export/{table}.{fmt}")
            rows = read_rows(response, fmt)
        return len(rows)

    before = download_all()
    source = make_source("More text about the rival's model here.", outlet=corpus.outlets[0])
    for claim in corpus.claims[:3]:
        make_mention(claim=claim, source=source, quote="the rival's model")
    make_claim(slug="another-claim")
    corpus.event.sources.add(source)
    make_event(slug="later").sources.add(make_source("x", outlet=corpus.outlets[1]))
    after = download_all()
    assert after > before


@pytest.mark.parametrize("table", ["mentions", "claims", "sources", "coverage", "events"])
def test_text_exports_stream_and_xlsx_is_a_file(client, corpus, table):
    for fmt, kind in (("csv", StreamingHttpResponse), ("json", StreamingHttpResponse)):
        response = client.get(f"/export/{table}.{fmt}")
        assert isinstance(response, kind) and not isinstance(response, FileResponse)
        today = date.today().isoformat()
        assert response["Content-Disposition"] == f'attachment; filename="{table}-{today}.{fmt}"'
        b"".join(response.streaming_content)  # read to the end: frees the export's cursor
    response = client.get(f"/export/{table}.xlsx")
    assert isinstance(response, FileResponse)
    assert f"{table}-" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(response.streaming_content)


def test_csv_header_arrives_before_rows_are_read(client, corpus, django_assert_num_queries):
    response = client.get("/export/mentions.csv")
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        header = next(chunks)
    assert header.startswith(b"claim_slug,claim,")
    b"".join(chunks)  # read to the end: frees the export's database cursor


@pytest.mark.parametrize(
    "path", ["/export/bogus.csv", "/export/mentions.pdf", "/export/mentions.CSV", "/export/x"]
)
def test_unknown_table_or_format_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_bad_filter_is_400(client, db):
    response = client.get("/export/mentions.csv", {"published_after": "May 1st"})
    assert response.status_code == 400
    assert b"published_after" in response.content


def test_empty_export_is_a_header_or_empty_array(download, db):
    assert download("mentions", "json") == []
    assert download("mentions", "csv") == []
    assert Claim.objects.count() == 0


def test_xlsx_keeps_error_like_text_as_text(client, db):
    source = make_source("The cell read #N/A all day.")
    make_mention(source=source, quote="#N/A")

    rows = read_rows(client.get("/export/mentions.xlsx"), "xlsx")

    assert [r["quote"] for r in rows] == ["#N/A"]


def test_sources_without_outlet_or_date_export_empty_cells(download, db):
    source = make_source("Undated words here.", outlet=None, published=None)
    make_mention(source=source, quote="Undated words")

    (row,) = download("mentions", "csv")

    assert row["outlet"] == "" and row["published"] == "" and row["source_url"] == ""
    assert download("mentions", "json")[0]["published"] is None


def test_claims_rows_link_to_their_own_filtered_mentions(client, corpus):
    (claims,) = [
        r
        for r in read_rows(client.get("/export/claims.csv", {"outlet": "wire-daily"}), "csv")
        if r["claim_slug"] == "firm-relied-on-rival"
    ]
    link = claims["mentions_export"].removeprefix("http://testserver")
    mentions = read_rows(client.get(link), "csv")
    assert len(mentions) == int(claims["mentions"]) == 2
    assert {m["claim_slug"] for m in mentions} == {"firm-relied-on-rival"}
