"""No input makes a page slow (issue 17 §1): highlighting in one sweep, a long article
shown in parts with every mention's link landing on its part, per-article limits that
are reported, and editor markdown rendered in bounded work."""

import random
import re

import pytest

from sources import limits
from sources.highlight import paragraphs, segment_text
from sources.ingest.load import Document, ingest_documents
from sources.linking import link_sources
from sources.markdown import BUDGETS, MAX_LINES, costs, render_markdown, within_budgets
from sources.models import CandidateClaim, Mention
from sources.opendata.links import Links
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import text_of

# --- Highlighting ---------------------------------------------------------------------


class Span:
    def __init__(self, start: int, end: int):
        self.start, self.end = start, end


def _reference_segments(text, spans):
    """The former, quadratic segmenting: every segment compared with every span."""
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    points = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    result = []
    for left, right in zip(points, points[1:], strict=False):
        covering = [s for s in usable if s.start <= left and s.end >= right]
        covering.sort(key=lambda s: (s.end - s.start, id(s)))
        result.append((text[left:right], covering, [s for s in covering if s.start == left]))
    return result


def test_segments_are_the_same_as_before_for_any_nesting():
    rng = random.Random(17)
    for _ in range(300):
        text = "".join(rng.choice("ab \n") for _ in range(rng.randint(0, 40)))
        spans = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(-2, len(text) + 2)
            spans.append(Span(start, start + rng.randint(-1, 12)))
        got = [(s.text, s.spans, s.starts) for s in segment_text(text, spans)]
        assert got == _reference_segments(text, spans)
        assert "".join(s.text for s in segment_text(text, spans)) == text


class CountingSpan:
    """A span that counts how often its offsets are read: the work segmenting does."""

    reads = 0

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    @property
    def start(self) -> int:
        CountingSpan.reads += 1
        return self._start

    @property
    def end(self) -> int:
        CountingSpan.reads += 1
        return self._end


def test_segmenting_reads_each_span_a_bounded_number_of_times():
    # 1,500 quotes in a long article: the old code compared each of the ~3,000
    # segments with every span (millions of reads); one sweep reads each a few times.
    text = "word " * 6000
    spans = [CountingSpan(i * 20, i * 20 + 9) for i in range(1500)]
    CountingSpan.reads = 0
    segments = segment_text(text, spans)
    assert len(segments) == 3000
    assert CountingSpan.reads <= 10 * len(spans)


def test_a_window_marks_spans_clipped_with_anchors_only_where_they_start():
    text = "aaaa bbbb cccc dddd"
    before, inside, across = Span(0, 7), Span(10, 14), Span(12, 19)
    segments = segment_text(text, [before, inside, across], window=(5, 15))
    assert "".join(s.text for s in segments) == text[5:15]
    assert segments[0].spans == [before] and segments[0].starts == []
    starts = [span for segment in segments for span in segment.starts]
    assert starts == [inside, across]
    assert paragraphs(segments)


# --- A long article in parts ----------------------------------------------------------

PART = 220
PARAGRAPH = "Musk said xAI partly used OpenAI models. Filler words keep going here.\n\n"


@pytest.fixture
def small_parts(settings):
    settings.SOURCE_PART_CHARS = PART  # about three paragraphs a part
    return settings


def _long_source(paragraph_count: int = 12):
    source = make_source(PARAGRAPH * paragraph_count)
    claim = make_claim(statement="xAI used OpenAI models.")
    mentions = []
    for index in range(paragraph_count):
        start = index * len(PARAGRAPH)
        quote = "Musk said xAI partly used OpenAI models"
        mentions.append(
            Mention.objects.create(
                claim=claim,
                source=source,
                quote=quote,
                start=start,
                end=start + len(quote),
                sentence=quote,
                sentence_start=start,
            )
        )
    return source, claim, mentions


def test_every_mention_link_lands_on_the_part_that_shows_it(client, db, small_parts):
    source, claim, mentions = _long_source()
    assert limits.part_count(len(source.body)) == 4
    for mention in mentions:
        url = mention.get_absolute_url()
        part = mention.start // PART + 1
        expected = source.get_absolute_url() + (f"?part={part}" if part > 1 else "")
        assert url == f"{expected}#mention-{mention.pk}"
        html = client.get(url.split("#")[0]).content.decode()
        assert html.count(f'id="mention-{mention.pk}"') == 1, url
    # The claim page (and the exports) link each quote to its part.
    claim_html = client.get(claim.get_absolute_url()).content.decode()
    last = mentions[-1]
    assert f"?part=4#mention-{last.pk}" in claim_html
    assert (
        Links("http://x")
        .mention(source.pk, last.pk, last.start)
        .endswith(f"?part=4#mention-{last.pk}")
    )


def test_a_part_shows_its_own_text_and_quotes_with_links_to_the_others(client, db, small_parts):
    source, _, mentions = _long_source()
    response = client.get(source.get_absolute_url(), {"part": 2})
    text = text_of(response)
    assert "Part 2 of 4" in text
    assert "Continued from part 1" in text and "Continued in part 3" in text
    # The whole article has 12 quotes; this part lists its own (those starting in it).
    assert "12 quotes linked to claims" in text
    own = [m for m in mentions if PART <= m.start < 2 * PART]
    assert text.count("jump to the quote") == len(own)
    body = response.content.decode().split('class="article-body">')[1].split("</div>")[0]
    assert len(re.sub(r"<[^>]+>", "", body)) < 2 * PART  # not the whole article
    html = response.content.decode()
    assert f'href="{source.get_absolute_url()}?part=3"' in html
    assert f'href="{source.get_absolute_url()}"' in html  # part 1 is the plain URL


@pytest.mark.parametrize("value", ["0", "-3", "99", "abc", "", "2.5"])
def test_any_part_number_gives_a_page(client, db, small_parts, value):
    source, _, _ = _long_source()
    assert client.get(source.get_absolute_url(), {"part": value}).status_code == 200


def test_a_part_runs_a_fixed_number_of_queries_however_many_quotes(
    client, db, small_parts, django_assert_num_queries
):
    """As many queries as any source page (tests/pages/test_pages.py, EXPECTED_QUERIES)."""
    source, _, _ = _long_source(40)
    with django_assert_num_queries(7):
        assert client.get(source.get_absolute_url(), {"part": 3}).status_code == 200


def test_too_many_quotes_in_one_part_are_cut_and_said(client, db, settings):
    settings.SOURCE_PART_MENTIONS = 5
    source = make_source("Alpha beta gamma delta epsilon zeta eta theta iota kappa.")
    for word in source.body.rstrip(".").split()[:8]:
        make_mention(source=source, quote=word)
    text = text_of(client.get(source.get_absolute_url()))
    assert "only the first 5 are listed and marked" in text
    assert text.count("jump to the quote") == 5
    assert "8 quotes linked to claims" in text


def test_an_ordinary_article_is_one_part_as_before(client, corpus):
    html = client.get(corpus.kept.get_absolute_url()).content.decode()
    assert "Parts of the article" not in html and "?part=" not in html
    assert corpus.kept_mention.get_absolute_url().endswith(
        f"/sources/{corpus.kept.pk}/#mention-{corpus.kept_mention.pk}"
    )


def test_the_model_and_the_limits_agree_on_the_part_size(db, settings):
    source = make_source("x" * 200_000)
    mention = Mention(source=source, start=130_000, end=130_001, pk=7)
    part = limits.part_of(130_000)
    assert mention.get_absolute_url().endswith(f"?part={part}#mention-7")
    settings.SOURCE_PART_CHARS = 1000
    assert mention.get_absolute_url().endswith("?part=131#mention-7")
    assert limits.part_query(130_000) == "?part=131"


# --- Per-article limits in the linker -------------------------------------------------

LINKED = "Musk said xAI partly used OpenAI models. "


def test_the_linker_keeps_at_most_the_limit_and_says_so(story, settings):
    settings.MAX_MENTIONS_PER_ARTICLE = 3
    source = make_source(LINKED * 10)
    result = link_sources(sources=[source])
    assert source.mentions.count() == 3
    assert source.pk in result.limited
    assert "over the per-article limits" in str(result)
    assert "beyond the 3 kept" in result.limited[source.pk]


def test_the_candidate_limit_counts_distinct_candidates(story, settings):
    settings.MAX_CANDIDATES_PER_ARTICLE = 2
    said = 'The chief said "we will ship model number {} soon" on air.'
    body = " ".join(said.format(n) for n in range(6))
    source = make_source(body)
    result = link_sources(sources=[source])
    assert CandidateClaim.objects.filter(source=source).count() <= 2
    assert "candidates beyond the 2 proposed" in result.limited.get(source.pk, "")


def test_ingest_reports_an_article_over_the_limits(story, settings):
    settings.MAX_MENTIONS_PER_ARTICLE = 2
    result = ingest_documents(
        [Document(origin="long-one.txt", data=(LINKED * 6).encode())], link=True
    )
    assert [w.origin for w in result.warnings] == ["long-one.txt"]
    assert "per-article limits" in str(result.warnings[0])
    entry = result.run.__class__.objects.get(pk=result.run.pk).report[0]
    assert any("per-article limits" in warning for warning in entry["warnings"])


# --- Editor markdown --------------------------------------------------------------------

N = 20_000
PATHOLOGICAL = {
    "open brackets": "[" * N,
    "nested brackets": "[" * (N // 2) + "]" * (N // 2),
    "bracket words": "[a" * (N // 2),
    "images": "![" * (N // 2),
    "unclosed links": "[a](" * (N // 4),
    "emphasis and brackets": "*[" * (N // 2),
    "star runs": "*" * N,
    "nested emphasis": "*a" * (N // 2),
    "underscores": "_a" * (N // 2),
    "backticks": "`" * N,
    "backtick runs": "".join("`" * (i % 7 + 1) + "a" for i in range(N // 5)),
    "long link reference": "[a][" + "x" * N + "]",
    "many link references": "".join(f"[r{i}]: http://x/{i}\n" for i in range(600)),
    "huge table": "|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + ("|" + "b|" * 100 + "\n") * 100,
    "unclosed tags": "<a " * (N // 3),
    "angle brackets": "<" * N,
    "nested quotes": ">" * N + " x",
    "headings": "# a\n" * (N // 4),
    "control characters": "a\x0bb\x1bc\x00d\x02e\x03" * 100,
    "too long": "word " * 30_000,
}


@pytest.fixture
def scans(monkeypatch):
    """Count the characters Python-Markdown scans matching brackets and link parentheses."""
    from markdown.inlinepatterns import LinkInlineProcessor

    counted = {"chars": 0}
    get_text, get_link = LinkInlineProcessor.getText, LinkInlineProcessor.getLink

    def counting_text(self, data, index):
        found = get_text(self, data, index)
        counted["chars"] += found[1] - index
        return found

    def counting_link(self, data, index):
        found = get_link(self, data, index)
        counted["chars"] += max(0, found[2] - index)
        return found

    monkeypatch.setattr(LinkInlineProcessor, "getText", counting_text)
    monkeypatch.setattr(LinkInlineProcessor, "getLink", counting_link)
    return counted


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_renders_in_bounded_work(name, scans):
    text = PATHOLOGICAL[name]
    html = str(render_markdown(text))
    # Bracket matching scans a bounded number of characters (the old code: millions).
    assert scans["chars"] <= 5 * BUDGETS["brackets"]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    assert "<script" not in html and "<a " not in html.replace('<a href="http://x/', "")
    # What reaches the renderer is within the length and every cost budget, or rendered
    # as plain text; either way the rendered text is bounded by the cap.
    assert len(re.sub(r"<[^>]+>", "", html)) <= 6 * limits.markdown_max_chars()


def test_the_8000_brackets_explanation_keeps_its_characters(scans):
    html = str(render_markdown("[" * 8000))
    assert scans["chars"] == 0
    assert html.count("[") == 8000


def test_a_cut_text_says_so():
    html = str(render_markdown("word " * 10_000))
    assert "the rest is not shown" in html
    assert "the rest is not shown" in str(render_markdown("line\n" * (MAX_LINES + 5)))
    assert "the rest is not shown" not in str(render_markdown("word " * 100))


def test_ordinary_markdown_renders_as_before():
    import markdown as markdown_lib

    from tests.helpers import FIXTURES_DIR

    story = (FIXTURES_DIR / "story.md").read_text()
    ordinary = [
        story,
        "**partly** and *said* with [a link](https://example.com) and `code`.",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> quoted\n\n- one\n- two\n\n1. first",
    ]
    for text in ordinary:
        assert within_budgets(text), costs(text)
        plain = markdown_lib.markdown(text, extensions=["tables", "sane_lists"])
        assert re.sub(r"<[^>]+>", "", str(render_markdown(text))) == re.sub(r"<[^>]+>", "", plain)


def test_the_claim_page_and_verdicts_feed_with_a_pathological_explanation(client, corpus, scans):
    corpus.hedged.verdict_explanation = "[" * 8000
    corpus.hedged.save()
    assert client.get(corpus.hedged.get_absolute_url()).status_code == 200
    assert client.get("/feeds/verdicts/").status_code == 200
    assert scans["chars"] <= 5 * BUDGETS["brackets"]
