"""Outlets found or created, entities tagged, citation rows, as ingestion writes them."""

import pytest

from sources.ingest.load import ingest_documents, ingest_paths
from sources.ingest.outlets import choose_outlet, save_outlet
from sources.ingest.records import Document, ParsedArticle
from sources.models import Citation, Entity, Outlet, Source
from tests.helpers import ARTICLES_DIR
from tests.ingest.helpers import DATA

pytestmark = pytest.mark.django_db

SEED_004 = ARTICLES_DIR / "004_cfef65a04c7a9be3.txt"


def test_new_outlets_from_text_hints_and_citations():
    [source] = ingest_paths([DATA / "harbour-ledger-musk-testimony.html"], link=False).sources
    assert source.outlet.name == "The Harbour Ledger"
    assert source.outlet.domain == "harbourledger.example"
    # A name in prose only links to an outlet we know; the citation keeps its words.
    based_on = source.citations.get(kind=Citation.Kind.BASED_ON)
    assert (based_on.text, based_on.cited_outlet) == ("according to a report by Decrypt", None)
    assert not Outlet.objects.filter(name="Decrypt").exists()
    # A photographer's credit is not an outlet.
    assert source.citations.get(kind=Citation.Kind.IMAGE_CREDIT).cited_outlet is None
    assert not Outlet.objects.filter(name__icontains="Lena Park").exists()


def test_entities_are_tagged_on_whole_words_only():
    Entity.objects.create(name="Grok", slug="grok", kind="product")
    Entity.objects.create(name="Claude", slug="claude", kind="product")
    text = "Pasted headline\n\nEngineers grok Grokking, but Grok was trained on outputs.\n"
    [source] = ingest_documents([Document(origin="x.txt", data=text.encode())], link=False).sources
    assert list(source.entities.values_list("slug", flat=True)) == ["grok"]


def test_taglines_and_prose_credits_only_link_outlets_we_know(tmp_path):
    Outlet.objects.create(name="Port Pulse", slug="port-pulse", domain="portpulse.example")
    Outlet.objects.create(name="Lloyd's List", slug="lloyds-list")
    body = (
        "Dockers voted to accept the offer on Friday, according to a Lloyd's List report.\n\n"
        "Shipping lines said queues would clear by the weekend, according to a Maersk analysis."
    )
    for name, last_line in (
        ("known.txt", "Port Pulse · Shipping, daily"),
        ("unknown.txt", "Quayside · Notes from the docks"),
        ("factbox.txt", "Backlog · 41 ships"),
    ):
        (tmp_path / name).write_text(f"Port strike ends after nine days\n\n{body}\n\n{last_line}\n")
    outlets = Outlet.objects.count()

    result = ingest_paths([tmp_path], link=False)

    assert result.ok
    assert Outlet.objects.count() == outlets  # nothing created from a guess or a prose name
    sources = {s.origin: s for s in result.sources}
    assert sources["known.txt"].outlet.name == "Port Pulse"
    assert sources["unknown.txt"].outlet is None
    assert sources["factbox.txt"].outlet is None
    assert sources["factbox.txt"].body.endswith("Backlog · 41 ships")
    credits = dict(
        sources["known.txt"]
        .citations.filter(kind=Citation.Kind.BASED_ON)
        .values_list("text", "cited_outlet__name")
    )
    assert credits == {
        "according to a Lloyd's List report": "Lloyd's List",
        "according to a Maersk analysis": None,
    }


def test_choosing_an_outlet_writes_nothing_saving_it_creates_it_once(django_assert_num_queries):
    known = Outlet.objects.create(name="Harbour Ledger", slug="harbour-ledger")
    parsed = ParsedArticle(
        title="T", body="B", outlet_name="Quayside Wire", url="https://q.example/a"
    )
    outlets = [known]
    with django_assert_num_queries(0):
        choice = choose_outlet(parsed, outlets)
    assert choice.outlet is None and choice.new_name == "Quayside Wire"
    assert choice.differs_from(None) and not Outlet.objects.filter(name="Quayside Wire").exists()
    created = save_outlet(choice, outlets)
    assert (created.name, created.domain) == ("Quayside Wire", "q.example")
    assert save_outlet(choice, outlets) == created  # found in the list the second time
    assert Outlet.objects.filter(name="Quayside Wire").count() == 1


def test_a_changed_file_naming_a_new_outlet_gets_it(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Ferries cut routes\n\nThe ferry company cut two routes on Monday.\n")
    [source] = ingest_paths([path], link=False).sources
    assert source.outlet is None
    path.write_text(
        "Ferries cut routes\n\nThe ferry company cut two routes on Monday.\n\n"
        "© 2026 Quayside Wire. All rights reserved.\n"
    )
    result = ingest_paths([path], link=False)
    assert result.summary() == "0 ingested, 1 updated, 0 unchanged, 0 failed"
    assert Source.objects.get().outlet == Outlet.objects.get(name="Quayside Wire")
