"""Small factories for model data. Each returns a saved instance; pass fields to override."""

import hashlib
import itertools
from datetime import date

from django.utils.text import slugify

from sources.linking import link_sources
from sources.models import Claim, Entity, Mention, Outlet, Source
from timeline.models import Event

_counter = itertools.count(1)


def make_outlet(**fields) -> Outlet:
    n = next(_counter)
    name = fields.pop("name", f"Outlet {n}")
    return Outlet.objects.create(
        name=name, slug=fields.pop("slug", slugify(name)), domain=f"outlet{n}.example", **fields
    )


def make_entity(name: str | None = None, **fields) -> Entity:
    name = name or f"Entity {next(_counter)}"
    fields.setdefault("kind", Entity.Kind.ORGANISATION)
    return Entity.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_source(body: str = "Musk said xAI partly used OpenAI models.", **fields) -> Source:
    n = next(_counter)
    raw = fields.pop("raw_input", body.encode())
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("origin", f"article-{n}.txt")
    fields.setdefault("published", date(2026, 5, 1))
    fields.setdefault("published_precision", "day")
    if "outlet" not in fields:
        fields["outlet"] = make_outlet()
    return Source.objects.create(
        body=body,
        raw_input=raw,
        content_hash=hashlib.sha256(raw).hexdigest(),
        word_count=len(body.split()),
        **fields,
    )


def make_claim(**fields) -> Claim:
    n = next(_counter)
    fields.setdefault("slug", f"claim-{n}")
    fields.setdefault("statement", f"Claim number {n}.")
    fields.setdefault("kind", Claim.Kind.QUOTE)
    return Claim.objects.create(**fields)


def make_mention(*, claim: Claim | None = None, source: Source | None = None, quote=None, **fields):
    """A mention whose offsets slice back to ``quote`` in the source body."""
    source = source or make_source()
    claim = claim or make_claim()
    quote = quote or source.body.split(".")[0]
    start = source.body.index(quote)
    fields.setdefault("sentence", quote)
    fields.setdefault("sentence_start", start)
    return Mention.objects.create(
        claim=claim, source=source, quote=quote, start=start, end=start + len(quote), **fields
    )


def make_event(**fields) -> Event:
    n = next(_counter)
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("title", f"Event {n}")
    fields.setdefault("date", date(2026, 4, 30))
    return Event.objects.create(**fields)


def make_candidate(*, source: Source | None = None, text: str | None = None, **fields):
    """A pending candidate claim whose offsets slice back to ``text`` in the source body."""
    from sources.models import CandidateClaim

    source = source or make_source()
    text = text or source.body.split(".")[0]
    start = source.body.index(text)
    fields.setdefault("kind", CandidateClaim.Kind.QUOTE)
    fields.setdefault("sentence", text)
    digest = hashlib.sha256(f"{fields['kind']}:{text}".encode()).hexdigest()
    fields.setdefault("fingerprint", digest)
    return CandidateClaim.objects.create(
        source=source, text=text, start=start, end=start + len(text), **fields
    )


def make_linked_source(body: str, **fields) -> Source:
    """A source with ``body``, run through the linker against the claims in the database."""
    source = make_source(body=body, **fields)
    link_sources(sources=[source])
    return source


def mentions_of(source: Source, slug: str) -> list[Mention]:
    """The source's mentions of claim ``slug`` in text order, each checked to slice back."""
    found = list(source.mentions.filter(claim__slug=slug).order_by("start"))
    for mention in found:
        text = getattr(source, mention.field)  # the body, or the headline or dek
        assert text[mention.start : mention.end] == mention.quote
        assert text[mention.sentence_start :].startswith(mention.sentence)
    return found
