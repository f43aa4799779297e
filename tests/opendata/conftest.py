"""A small corpus for the export tests: two outlets, three sources, four claims, one event."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from sources.models import Claim, Entity, Mention, Outlet, ReusePair, Source
from tests.factories import (
    make_claim,
    make_entity,
    make_event,
    make_mention,
    make_outlet,
    make_source,
)
from tests.helpers import read_rows
from timeline.models import Event


@dataclass
class Corpus:
    outlets: list[Outlet]
    sources: list[Source]
    claims: list[Claim]
    mentions: list[Mention]
    event: Event
    speaker: Entity
    reuse: ReusePair


@pytest.fixture
def corpus(db) -> Corpus:
    speaker = make_entity("Ada Speaker", kind=Entity.Kind.PERSON)
    wire, blog = make_outlet(name="Wire Daily"), make_outlet(name="Blog Weekly")
    first = make_source(
        "The executive said the firm partly relied on a rival's model. "
        "The rival's terms forbid building competing models. "
        "The model scored 49 on the index.",
        outlet=wire,
        url="https://wire.example/story",
        published=date(2026, 5, 1),
    )
    second = make_source(
        "The executive admitted relying on a rival's model. "
        "Critics said the terms were always vague.",
        outlet=blog,
        published=date(2026, 5, 3),
    )
    third = make_source(
        "A later recap: the firm relied on a rival's model, in part.",
        outlet=wire,
        url="https://wire.example/recap",
        published=date(2026, 5, 9),
    )
    relied = make_claim(
        slug="firm-relied-on-rival",
        statement="The executive said the firm partly relied on a rival's model.",
        kind=Claim.Kind.QUOTE,
        speaker=speaker,
        verdict=Claim.Verdict.ACCURATE,
        verdict_explanation="Said **under oath**.",
        verdict_updated_at=timezone.now(),
        claimed_on=date(2026, 4, 30),
    )
    terms = make_claim(
        slug="terms-forbid-competing",
        statement="The rival's terms forbid building competing models.",
        kind=Claim.Kind.POLICY_CLAUSE,
        verdict=Claim.Verdict.NEEDS_CONTEXT,
    )
    score = make_claim(
        slug="model-scored-49",
        statement="The model scored 49 on the index.",
        kind=Claim.Kind.BENCHMARK,
        value=49,
        unit="points",
    )
    unreported = make_claim(slug="never-reported", kind=Claim.Kind.EVENT)
    relied.subjects.add(speaker)
    mentions = [
        make_mention(
            claim=relied,
            source=first,
            quote="the firm partly relied on a rival's model",
            qualifier="partly",
            variant="partly relied",
        ),
        make_mention(claim=terms, source=first, quote="The rival's terms forbid"),
        make_mention(claim=score, source=first, quote="scored 49 on the index"),
        make_mention(claim=relied, source=second, quote="relying on a rival's model"),
        make_mention(
            claim=terms,
            source=second,
            quote="the terms were always vague",
            stance=Mention.Stance.DISPUTES,
            method=Mention.Method.EDITOR,
            reviewed=True,
        ),
        make_mention(
            claim=relied,
            source=third,
            quote="relied on a rival's model, in part",
            qualifier="in part",
            stance=Mention.Stance.MENTIONS,
        ),
    ]
    # The recap reuses the first story's words (issue 16): one pair, not yet decided.
    reuse = ReusePair.objects.create(
        source=third,
        copies=first,
        shared_words=6,
        share=0.5,
        passages=[{"a_start": 0, "a_end": 10, "b_start": 0, "b_end": 10}],
        ordered_by=ReusePair.OrderedBy.DATES,
        detected_at=timezone.now(),
    )
    event = make_event(slug="testimony", title="Testimony", date=date(2026, 4, 30))
    event.claims.add(relied)
    event.sources.add(first, third)
    event.entities.add(speaker)
    return Corpus(
        outlets=[wire, blog],
        sources=[first, second, third],
        claims=[relied, terms, score, unreported],
        mentions=mentions,
        event=event,
        speaker=speaker,
        reuse=reuse,
    )


@pytest.fixture
def download(client):
    """GET an export and parse it: ``download("mentions", "csv", outlet="x")``."""

    def get(table: str, fmt: str, **params) -> list[dict]:
        response = client.get(f"/export/{table}.{fmt}", params)
        assert response.status_code == 200, response
        return read_rows(response, fmt)

    return get
