"""Headlines and deks are linked (issue 13 §2): a mention there indexes into its own field,
editors' work on it survives re-linking and edits, readers see it marked, exports carry it."""

import pytest
from django.urls import reverse

from sources.editorial import create_editor_mention
from sources.editorial.revert import save_source_edit
from sources.filters import Filters
from sources.linking import link_sources
from sources.linking.engine import ClaimSpec, Engine
from sources.models import Claim, Mention
from sources.opendata.links import Links
from sources.opendata.tables import MENTION_COLUMNS, mention_rows
from tests.factories import make_linked_source

pytestmark = pytest.mark.django_db

DISTILLED = "xai-distilled-openai"
HEADLINE = "Grok's maker built on OpenAI models in part, its founder says"
BODY = "The trial went on for a third week.\n\nLawyers for both sides declined to comment."


def in_field(source, field: str) -> list[Mention]:
    found = list(source.mentions.filter(claim__slug=DISTILLED, field=field))
    for mention in found:
        assert getattr(source, field)[mention.start : mention.end] == mention.quote
        assert getattr(source, field)[mention.sentence_start :].startswith(mention.sentence)
    return found


def test_engine_reports_each_match_in_its_own_field_and_body_candidates_only():
    engine = Engine(
        [ClaimSpec(key=1, kind="quote", rules={"patterns": [{"terms": [["walrus"]]}]})], {}
    )
    body = 'A "quoted line of several words" here. The walrus spoke.'
    matches, candidates = engine.scan_article(
        body, title="Walrus sighted at the pier", dek="Nobody saw the walrus leave."
    )
    by_field = {m.field: m for m in matches}
    assert set(by_field) == {"title", "dek", "body"}
    texts = {
        "title": "Walrus sighted at the pier",
        "dek": "Nobody saw the walrus leave.",
        "body": body,
    }
    for field, match in by_field.items():
        assert texts[field][match.start : match.end] == match.quote
        assert texts[field][match.sentence_start :].startswith(match.sentence)
    assert [c.text for c in candidates] == ['"quoted line of several words"']
    assert body[candidates[0].start : candidates[0].end] == candidates[0].text


def test_a_headline_reporting_the_claim_is_linked_in_the_title(story):
    source = make_linked_source(BODY, title="xAI partly trained Grok on OpenAI models")
    (mention,) = in_field(source, "title")
    assert mention.qualifier == "partly"
    assert in_field(source, "body") == []


def test_a_dek_reporting_the_claim_is_linked_in_the_dek(story):
    source = make_linked_source(
        BODY, title="Day three", dek="Musk told jurors xAI used OpenAI models to build Grok."
    )
    assert len(in_field(source, "dek")) == 1


def test_a_headline_naming_both_labs_lends_them_to_a_bare_answer_in_the_body(story):
    body = 'Counsel pressed the witness on the chatbot.\n\nMusk replied: "Partly."'
    plain = make_linked_source(body, title="Day three of the trial")
    named = make_linked_source(body, title="Did xAI distill OpenAI models? Musk is asked")
    assert [m.qualifier.lower() for m in in_field(named, "body")] == ["partly"]
    assert in_field(plain, "body") == []


def test_an_editors_headline_mention_survives_relinking_and_follows_a_title_edit(story):
    source = make_linked_source(BODY, title="Sources: xAI took shortcuts with OpenAI's work")
    claim = Claim.objects.get(slug=DISTILLED)
    mention = create_editor_mention(
        claim=claim, source=source, quote="xAI took shortcuts with OpenAI's work", field="title"
    )
    assert (mention.field, mention.start) == ("title", 9)
    link_sources(sources=[source])
    mention.refresh_from_db()
    assert mention.method == Mention.Method.EDITOR and mention.field == "title"

    source.title = "Exclusive - Sources: xAI took shortcuts with OpenAI's work"
    result = save_source_edit(source=source, changed_fields=["title"])
    mention.refresh_from_db()
    assert source.title[mention.start : mention.end] == mention.quote
    assert mention.start == 21 and result.mentions.moved == 1


def test_the_source_page_marks_mentions_in_the_headline(client, story):
    source = make_linked_source(BODY, title="xAI partly trained Grok on OpenAI models")
    (mention,) = in_field(source, "title")
    html = client.get(source.get_absolute_url()).content.decode()
    h1 = html[html.index("<h1>") : html.index("</h1>")]
    assert f'<mark class="mention stance-supports" id="mention-{mention.pk}">' in h1
    assert f'href="#mention-{mention.pk}"' in html  # listed with a link to the headline
    assert mention.get_absolute_url().endswith(f"#mention-{mention.pk}")


def test_exports_and_the_api_carry_the_field_after_the_existing_columns(client, story):
    source = make_linked_source(BODY, title="xAI partly trained Grok on OpenAI models")
    # Right after the columns it was added after; the columns added since follow it.
    assert MENTION_COLUMNS[MENTION_COLUMNS.index("claim_url") + 1] == "field"
    rows = list(mention_rows(filters=Filters(), links=Links(base_url="")))
    assert [row["field"] for row in rows if row["source_id"] == source.pk] == ["title"]
    data = client.get(reverse("api:source_detail", args=[source.pk])).json()
    assert [m["field"] for m in data["mentions"]] == ["title"]
