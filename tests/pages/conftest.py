"""A small corpus shaped like the story, built with the shared factories."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache, caches

from sources.models import Claim, Entity, Mention, Source
from tests.factories import (
    make_claim,
    make_entity,
    make_event,
    make_mention,
    make_outlet,
    make_source,
)
from timeline.models import Event, Story


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages cache computed findings and figures; each test starts from nothing.

    Only a cache of this test run's own is cleared: on Redis, clear() is FLUSHDB, which
    would empty a server other runs share (the Redis tests use a key prefix of their own).
    """
    cache.clear()
    yield
    if "redis" not in type(caches["default"]).__module__:
        cache.clear()


@dataclass
class Corpus:
    hedged: Claim
    policy: Claim
    benchmark: Claim
    kept: Source
    dropped: Source
    unattributed: Source
    kept_mention: Mention
    dropped_mention: Mention
    event: Event
    story: Story


def build_corpus() -> Corpus:
    musk = make_entity("Ada Musk", kind=Entity.Kind.PERSON, aliases=["Musk"])
    lab = make_entity("Rival Lab", aliases=["Rival"])
    firm = make_entity("Small Firm")
    wire = make_outlet(name="Wire Daily")
    blog = make_outlet(name="Blog Weekly")
    kept = make_source(
        "Under oath, Musk said the firm partly used Rival models to train its bot. "
        "Rival terms forbid using outputs to develop models that compete with Rival. "
        "The bot scored 49 on the Index.",
        title="Firm partly used Rival models",
        outlet=wire,
        url="https://wire.example/partly",
    )
    dropped = make_source(
        "Musk admitted the firm used Rival models to train its bot. "
        "Critics say the terms were always vague.",
        title="Firm used Rival models",
        outlet=blog,
        published=date(2026, 5, 2),
    )
    unattributed = make_source(
        "A copy found online: the firm used rival models, Musk said. Partly.",
        title="Undated copy",
        outlet=None,
        published=None,
        published_precision="unknown",
    )
    hedged = make_claim(
        slug="firm-used-rival-models",
        statement="Musk testified that the firm partly used Rival's models.",
        speaker=musk,
        verdict=Claim.Verdict.ACCURATE,
        verdict_explanation="He said **partly**.",
        match_rules={"qualifiers": ["partly"]},
    )
    hedged.subjects.set([firm, lab])
    policy = make_claim(
        slug="rival-terms-ban-competing",
        statement="Rival's terms ban using outputs to build competing models.",
        kind=Claim.Kind.POLICY_CLAUSE,
        speaker=lab,
    )
    policy.subjects.set([firm])
    benchmark = make_claim(
        slug="bot-scored-49",
        statement="The bot scored 49 on the Index.",
        kind=Claim.Kind.BENCHMARK,
        value=49,
        unit="points",
    )
    kept_mention = make_mention(
        claim=hedged,
        source=kept,
        quote="the firm partly used Rival models",
        qualifier="partly",
        variant="Partly.",
    )
    dropped_mention = make_mention(
        claim=hedged, source=dropped, quote="the firm used Rival models", variant="partly"
    )
    make_mention(claim=hedged, source=unattributed, quote="the firm used rival models")
    make_mention(claim=policy, source=kept, quote="to develop models that compete with Rival")
    make_mention(
        claim=policy,
        source=dropped,
        quote="the terms were always vague",
        stance=Mention.Stance.DISPUTES,
    )
    make_mention(claim=benchmark, source=kept, quote="The bot scored 49 on the Index")
    event = make_event(
        slug="testimony",
        title="Musk testifies",
        date=date(2026, 4, 30),
        description="He said *partly*.",
    )
    event.claims.set([hedged])
    event.sources.set([kept])
    story = Story.objects.create(
        headline="How outlets reported “partly”",
        summary="A one-paragraph summary for share previews.",
        body="On **April 30**, Musk answered: partly.",
    )
    return Corpus(
        hedged=hedged,
        policy=policy,
        benchmark=benchmark,
        kept=kept,
        dropped=dropped,
        unattributed=unattributed,
        kept_mention=kept_mention,
        dropped_mention=dropped_mention,
        event=event,
        story=story,
    )


@pytest.fixture
def corpus(db) -> Corpus:
    return build_corpus()
