"""The editor's and the fact-checker's flows of issue 15, walked in a real browser: a zip
upload watched to its sources, matching rules saved and tested, candidates accepted,
published and undone, a claim's Excel export and the review queue, "mark all reviewed"."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sources.linking import relink_all
from sources.models import CandidateClaim, Claim, Mention, Source, TaskRun
from sources.roles import EDITOR, FACT_CHECKER, setup_roles
from tests.admin.articles import BODY, HEARING, SECOND
from tests.factories import make_candidate, make_claim, make_mention, make_source
from tests.helpers import PASSWORD, make_user
from tests.tasks.helpers import IMMEDIATE, make_zip

BENCHMARKS = "He said the company used “only public benchmarks” for testing."
DISTILLATION = "Musk was asked about distillation."
CRITICS = "Critics called the terms vague."


def log_in(page, live_server, username: str, group: str) -> None:
    setup_roles()
    make_user(username, group=group)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def says(page, text: str) -> None:
    """The page's messages say ``text`` (waiting for the page the click led to)."""
    expect(page.locator(".messagelist")).to_contain_text(text)


@pytest.mark.browser
def test_editor_uploads_a_zip_and_follows_the_task_to_its_sources(page, live_server, settings):
    settings.TASKS = IMMEDIATE  # the live server runs the task inside the upload's request
    log_in(page, live_server, "edna", EDITOR)
    archive = make_zip(
        ("hearing.txt", HEARING.encode()),
        ("desk/judge.md", SECOND.encode()),
        ("benchmarks.txt", f"Grok on the benchmarks\n\n{BODY}\n".encode()),
    )

    page.goto(f"{live_server.url}/admin/sources/source/upload/")
    page.set_input_files(
        "#id_files", {"name": "week-two.zip", "mimeType": "application/zip", "buffer": archive}
    )
    page.click("input[value='Upload and ingest']")

    run = TaskRun.objects.get(kind="ingest")
    page.wait_for_url(f"**/admin/sources/taskrun/{run.pk}/change/")
    progress = page.locator(f"#task-progress-{run.pk}").inner_text()
    assert "3 of 3 files done" in progress
    assert "3 ingested, 0 updated, 0 unchanged, 0 failed" in progress
    links = page.locator("table.ingest-sources a")
    assert links.count() == 3
    assert set(links.all_inner_texts()) == set(Source.objects.values_list("title", flat=True))

    judge = Source.objects.get(origin="desk/judge.md")
    page.locator("table.ingest-sources a", has_text=judge.title).click()
    page.wait_for_url(f"**/admin/sources/source/{judge.pk}/change/")
    assert page.locator("#id_title").input_value() == judge.title
    assert "Judge Yvonne Gonzalez Rogers" in page.locator("#content").inner_text()


@pytest.mark.browser
def test_editor_saves_rules_reads_the_relink_report_the_help_and_a_test_run(
    page, live_server, settings
):
    settings.TASKS = IMMEDIATE
    log_in(page, live_server, "edna", EDITOR)
    make_source(body=BODY, title="The hearing")
    claim = make_claim(
        slug="edited", match_rules={"patterns": [{"terms": [["benchmarks", "critics"]]}]}
    )
    relink_all()
    assert sorted(claim.mentions.values_list("sentence", flat=True)) == sorted(
        [BENCHMARKS, CRITICS]
    )

    page.goto(f"{live_server.url}/admin/sources/claim/{claim.pk}/change/")
    page.fill("#id_match_rules", '{"patterns": [{"terms": [["critics", "distillation"]]}]}')
    page.click("input[name=_continue]")
    says(page, "take effect in the background")
    assert sorted(claim.mentions.values_list("sentence", flat=True)) == sorted(
        [CRITICS, DISTILLATION]
    )

    report = page.locator(".field-last_relink")
    assert "For edited: 1 added, 1 removed, 1 kept." in report.inner_text()
    assert report.locator("table.relink-removed mark").inner_text() == "“only public benchmarks”"
    assert report.locator("table.relink-added mark").inner_text() == DISTILLATION
    report.locator("details.relink-kept-list summary").click()
    assert report.locator("table.relink-kept mark").inner_text() == CRITICS

    with page.context.expect_page() as opened:
        page.click("a.rules-help")
    help_page = opened.value
    help_page.wait_for_load_state()
    assert help_page.url.endswith("/admin/sources/claim/rules-help/")
    assert "How matching rules work" in help_page.locator("h1").inner_text()
    assert "concept groups" in help_page.locator("#content").inner_text()
    help_page.close()

    rules = '{"patterns": [{"terms": [["distillation", "benchmarks"], ["asked"]]}]}'
    page.fill("#id_match_rules", rules)
    page.click("button[name=_preview_rules]")
    page.wait_for_selector("#rules-preview .rules-preview-result")
    preview = page.locator("#rules-preview")
    assert "1 match in 1 source (nothing was saved)" in preview.inner_text()
    matches = preview.locator("table").first
    assert DISTILLATION in matches.inner_text()
    assert matches.locator("mark").inner_text() == "asked about distillation"
    near = preview.locator("table.near-misses tbody tr")
    assert near.count() == 1
    assert BENCHMARKS in near.inner_text() and "“asked”" in near.inner_text()
    assert page.url.endswith(f"/admin/sources/claim/{claim.pk}/change/")  # still editing
    claim.refresh_from_db()
    assert claim.match_rules == {"patterns": [{"terms": [["critics", "distillation"]]}]}


@pytest.mark.browser
def test_editor_accepts_publishes_and_undoes_candidate_decisions(page, live_server, browser):
    log_in(page, live_server, "edna", EDITOR)
    source = make_source(body=BODY, title="Cross-examination day")
    accepted = make_candidate(source=source, text="only public benchmarks", sentence=BENCHMARKS)
    rejected = make_candidate(source=source, text="49 points", kind="number")
    reader = browser.new_page()

    page.goto(f"{live_server.url}/admin/sources/candidateclaim/{accepted.pk}/change/")
    page.click("input[value='Accept as a new claim']")
    says(page, "a draft readers do not see yet")
    claim = Claim.objects.get(slug="only-public-benchmarks")
    page.wait_for_url(f"**/admin/sources/claim/{claim.pk}/change/")
    assert "A draft: readers do not see this claim" in page.locator(".draft-note").inner_text()
    assert reader.goto(f"{live_server.url}{claim.get_absolute_url()}").status == 404

    statement = "xAI says it tested Grok on public benchmarks only."
    page.fill("#id_statement", statement)
    page.click("input[name=_continue]")
    says(page, "was changed successfully")
    page.click(".object-tools button:has-text('Publish')")
    says(page, f"Published {claim.slug}: readers can see it now.")
    response = reader.goto(f"{live_server.url}{claim.get_absolute_url()}")
    assert response.status == 200
    assert statement in reader.locator("main, body").first.inner_text()
    reader.close()

    page.goto(f"{live_server.url}/admin/sources/candidateclaim/{rejected.pk}/change/")
    page.click("#decide input[value='Reject']")
    says(page, "Rejected.")
    page.goto(f"{live_server.url}/admin/sources/candidateclaim/{rejected.pk}/change/")
    assert "Decision: Rejected" in page.locator("#undo h2").inner_text()
    page.click("input[value='Undo this decision']")
    says(page, "pending again")
    assert page.locator("#decide input[value='Accept as a new claim']").is_visible()
    rejected.refresh_from_db()
    assert rejected.status == CandidateClaim.Status.PENDING


@pytest.mark.browser
def test_fact_checker_downloads_a_claims_excel_and_opens_the_review_queue(page, live_server):
    log_in(page, live_server, "fran", FACT_CHECKER)
    claim = make_claim(slug="grok-score", statement="Grok scored 49 points on the index.")
    source = make_source(body=BODY, title="Cross-examination day")
    sure = make_mention(claim=claim, source=source, quote="49 points", confidence=0.95)
    unsure = make_mention(claim=claim, source=source, quote="Critics called", confidence=0.3)

    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    with page.expect_download() as downloaded:
        page.locator(".page-exports a", has_text="Excel").click()
    download = downloaded.value
    assert download.suggested_filename == f"mentions-claim-grok-score-{date.today()}.xlsx"
    with open(download.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read()), read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    quotes = [dict(zip(header, row, strict=True))["quote"] for row in rows]
    assert "49 points" in quotes

    page.goto(f"{live_server.url}/admin/sources/mention/")
    page.locator("#changelist-filter a", has_text="Needs review (low confidence)").click()
    page.wait_for_url("**/admin/sources/mention/?low_confidence=1")
    table = page.locator("#result_list tbody")
    assert table.locator("tr").count() == 1
    assert unsure.quote in table.inner_text() and sure.quote not in table.inner_text()


@pytest.mark.browser
def test_mark_all_reviewed_asks_how_many_then_says_who(page, live_server):
    log_in(page, live_server, "fran", FACT_CHECKER)
    source = make_source(body=BODY, title="Cross-examination day")
    make_mention(source=source, quote="49 points")
    make_mention(source=source, quote="called the terms vague")

    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/change/")
    page.click(".object-tools a:has-text('Mark all mentions reviewed')")
    page.wait_for_url(f"**/admin/sources/source/{source.pk}/review-all/")
    assert "This marks 2 mentions reviewed by you" in page.locator(".review-count").inner_text()
    assert not Mention.objects.filter(reviewed=True).exists()  # asking wrote nothing

    page.click("input[value='Yes, mark 2 reviewed']")
    page.wait_for_url(f"**/admin/sources/source/{source.pk}/change/")
    says(page, "2 mentions marked reviewed by you.")
    inline = page.locator("#mentions-group").inner_text()
    assert inline.count("reviewed by fran") == 2
    assert set(Mention.objects.values_list("reviewed_by__username", flat=True)) == {"fran"}
