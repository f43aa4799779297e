"""Hostile values in every text an editor or an article supplies, on every public page,
feed, export and API answer (issue 17 §8): no server error, no script from the data,
JSON and XML that parse.

One corpus puts an XSS payload, control characters, pathological markdown and huge
values in each text field (outlet, entity, source, citation, claim, mention, event,
story); every public URL is then fetched and its answer checked for its format.
"""

import csv
import io
import json
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone

from sources.models import Citation, Claim, Entity, Mention, Outlet, ReusePair, Source
from tests.factories import make_claim, make_entity, make_event, make_outlet, make_source
from timeline.models import Story

XSS = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    '<a href="javascript:alert(2)">j</a>\'"></textarea></script><svg onload=alert(3)>'
)
CONTROL = "tab\there, vt\x0bff\x0cesc\x1bbs\x08del\x7f"
PATHOLOGICAL = "[" * 8000 + "*a" * 2000 + "`" * 500 + "<a " * 300
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HUGE_TABLE = "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + ("|" + "b|" * 100 + "\n") * 100


def hostile(label: str, *, size: int = 0) -> str:
    """A value with the XSS payload and control characters, padded to ``size``."""
    text = f"{label} {XSS} {CONTROL}"
    return text + ("x" * max(0, size - len(text)))


def _body() -> str:
    """A long article body: hostile paragraphs, then enough text for several parts."""
    paragraph = f"Musk said xAI partly used OpenAI models. {hostile('body')}\n\n"
    return paragraph * 20 + ("Filler sentence for a very long article. " * 40 + "\n\n") * 200


@pytest.fixture
def hostile_corpus(db):
    outlet = make_outlet(
        name=hostile("Outlet"),
        description=hostile("outlet description") + PATHOLOGICAL,
        aliases=[hostile("alias")],
    )
    outlet.domain = 'evil.example"><script>'
    outlet.save()
    entity = make_entity(hostile("Entity"), description=hostile("entity") + PATHOLOGICAL)
    entity.aliases = [hostile("entity alias")]
    entity.save()
    source = make_source(
        _body(),
        title=hostile("Title"),
        dek=hostile("dek", size=20_000),
        authors=hostile("Authors")[:500],
        url="javascript:alert(document.cookie)",
        captions=[hostile("caption"), "\x0b" * 50, XSS * 100],
        outlet=outlet,
        origin="evil<script>.txt",
    )
    source.entities.add(entity)
    other = make_source(
        f"Short {XSS} article. {CONTROL}.", title=hostile("Other"), outlet=None, url=""
    )
    Citation.objects.create(
        source=other,
        kind=Citation.Kind.BASED_ON,
        cited_source=source,
        cited_outlet=outlet,
        cited_title=hostile("cited")[:500],
        cited_url="javascript:alert(1)",
        text=hostile("citation text"),
    )
    claims = [
        make_claim(
            statement=hostile("Claim"),
            verdict=Claim.Verdict.ACCURATE,
            verdict_explanation=hostile("explanation") + PATHOLOGICAL,
            unit=hostile("unit")[:100],
        ),
        make_claim(
            statement=hostile("Second claim", size=5_000),
            verdict=Claim.Verdict.INACCURATE,
            verdict_explanation=HUGE_TABLE + "[" * 30_000,
            kind=Claim.Kind.POLICY_CLAUSE,
        ),
    ]
    quote = "Musk said xAI partly used OpenAI models"
    paragraph_length = _body().index("\n\n") + 2
    for index in range(20):
        start = index * paragraph_length
        for claim in claims:
            Mention.objects.create(
                claim=claim,
                source=source,
                quote=quote,
                start=start,
                end=start + len(quote),
                sentence=hostile("sentence"),
                sentence_start=start,
                qualifier=hostile("q")[:100],
                variant=hostile("v")[:300],
            )
    Mention.objects.create(
        claim=claims[0],
        source=other,
        quote="Short",
        start=0,
        end=5,
        sentence=hostile("other sentence"),
        sentence_start=0,
    )
    # The other article reuses the hostile one's words: the reuse export carries both.
    ReusePair.objects.create(
        source=other,
        copies=source,
        shared_words=5,
        share=0.5,
        passages=[{"a_start": 0, "a_end": 5, "b_start": 0, "b_end": 5}],
        detected_at=timezone.now(),
    )
    make_event(
        title=hostile("Event")[:300],
        description=hostile("event description") + PATHOLOGICAL,
        date=date(2026, 4, 30),
    )
    Story.objects.update_or_create(
        slug="main",
        defaults={
            "headline": hostile("Headline")[:300],
            "summary": hostile("summary"),
            "body": hostile("story body") + PATHOLOGICAL + HUGE_TABLE,
        },
    )
    cache.clear()
    return {"source": source, "other": other, "claims": claims, "outlet": outlet}


def _pages(corpus) -> list[str]:
    source = corpus["source"]
    urls = [
        "/",
        "/timeline/",
        "/coverage/",
        "/coverage/?stance=supports",
        "/compare/",
        "/sources/",
        "/outlets/",
        corpus["outlet"].get_absolute_url(),
        corpus["other"].get_absolute_url(),
        "/search/?q=alert",
        "/search/?q=%3Cscript%3E",
        "/search/?q=" + "%5B" * 300,
    ]
    urls += [claim.get_absolute_url() for claim in corpus["claims"]]
    parts = -(-len(source.body) // 60_000)
    urls += [f"{source.get_absolute_url()}?part={n}" for n in range(1, parts + 1)]
    return urls


def _assert_no_data_script(url: str, html: str) -> None:
    assert '<script>alert("x")' not in html, url
    assert "<img src=x" not in html, url
    assert "<svg onload" not in html, url
    assert 'href="javascript:' not in html.lower(), url


def test_every_reader_page_escapes_hostile_data(client, hostile_corpus):
    json_ld = 0
    for url in _pages(hostile_corpus):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        _assert_no_data_script(url, html)
        for block in re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, flags=re.S
        ):
            json.loads(block)  # the JSON-LD parses, and no "</script>" from data closed it
            json_ld += 1
    assert json_ld >= 2  # the ClaimReview of both claims, at least


def test_every_mention_of_the_long_article_is_reachable(client, hostile_corpus):
    source = hostile_corpus["source"]
    for mention in source.mentions.all():
        path = mention.get_absolute_url().split("#")[0]
        html = client.get(path).content.decode()
        assert f'id="mention-{mention.pk}"' in html, path


@pytest.mark.parametrize("url", ["/feeds/sources/", "/feeds/verdicts/"])
def test_feeds_are_xml_with_hostile_data(client, hostile_corpus, url):
    response = client.get(url)
    assert response.status_code == 200, url
    ElementTree.fromstring(response.content)  # parses: no raw control characters
    assert b"<script>alert" not in response.content, url


def test_feeds_are_xml_with_hostile_markup(client, hostile_corpus):
    """The same without control characters in the data (history included): markup, a
    javascript: URL and huge, pathological markdown only."""
    rows = [(Source, ("title", "dek", "authors")), (Claim, ("statement",)), (Outlet, ("name",))]
    for model, names in rows:
        for manager in (model.objects, model.history):
            for row in manager.all():
                for name in names:
                    setattr(row, name, CONTROL_RE.sub("", getattr(row, name)))
                row.save()
    for url in ("/feeds/sources/", "/feeds/verdicts/"):
        response = client.get(url)
        assert response.status_code == 200, url
        ElementTree.fromstring(response.content)
        assert b"<script>alert" not in response.content, url


def test_exports_parse_with_hostile_data(client, hostile_corpus):
    from sources.opendata.tables import FORMATS, TABLES

    for table in TABLES:
        for fmt in FORMATS:
            url = f"/export/{table}.{fmt}"
            response = client.get(url)
            assert response.status_code == 200, url
            content = (
                b"".join(response.streaming_content) if response.streaming else (response.content)
            )
            if fmt == "json":
                json.loads(content)
            elif fmt == "csv":
                rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
                assert len(rows) > 1, url
                # Formula cells from data are neutralised.
                assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
            else:
                zipfile.ZipFile(io.BytesIO(content)).testzip()
    json.loads(client.get("/export/claimreview.json").content)


def test_the_api_answers_json_with_hostile_data(client, hostile_corpus):
    source, outlet = hostile_corpus["source"], hostile_corpus["outlet"]
    urls = [
        "/api/",
        "/api/claims/",
        "/api/sources/",
        f"/api/sources/{source.pk}/",
        "/api/mentions/",
        "/api/outlets/",
        f"/api/outlets/{outlet.slug}/",
        "/api/events/",
    ]
    urls += [f"/api/claims/{claim.slug}/" for claim in hostile_corpus["claims"]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        json.loads(response.content)


def test_the_hostile_corpus_has_every_text_field(hostile_corpus):
    """The corpus really covers the text fields it claims to (so a new field is noticed)."""
    checked = {
        Outlet: {"name", "domain", "description"},
        Entity: {"name", "description"},
        Source: {"title", "dek", "authors", "url", "body", "origin"},
        Citation: {"cited_title", "cited_url", "text"},
        Claim: {"statement", "unit", "verdict_explanation"},
        Mention: {"quote", "sentence", "qualifier", "variant"},
    }
    for model, names in checked.items():
        text_fields = {
            f.name
            for f in model._meta.get_fields()
            if f.get_internal_type() in ("CharField", "TextField", "URLField")
            and not getattr(f, "choices", None)
            and f.name not in ("slug", "content_hash", "language", "fingerprint")
        }
        assert text_fields - names <= {"reporting_verb", "verb_connotation"}, model
