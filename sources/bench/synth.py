"""A large synthetic corpus for benchmarks: outlets, articles, claims and mentions.

Everything made here is marked as synthetic: sources have origins starting
with ``synthetic/``, outlets and claims have slugs starting with
``synthetic-``, and every article says so in its first line. Mentions
always slice back to their quote (``body[start:end] == quote``). Re-running
adds more sources (numbered after the existing synthetic ones);
``clear_synthetic()`` removes all of it and nothing else.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from sources.models import Claim, DatePrecision, Mention, Outlet, Source

ORIGIN_PREFIX = "synthetic/"
SLUG_PREFIX = "synthetic-"
BATCH = 1000

_FILLER = (
    "Analysts said the case could shape how AI companies write their terms of service",
    "The testimony came during a long day of cross-examination in federal court",
    "Developers who build on model APIs are watching the trial closely",
    "Distillation means training one model on the answers of another",
    "Lawyers for both sides declined to comment after the hearing",
    "The company did not respond to a request for comment",
    "Several labs have tightened how their models can be queried at scale",
    "Critics argue the rules are applied unevenly across the industry",
)
_LEADS = ("Reports say", "According to the filing,", "In court,", "Observers noted that", "")
_QUALIFIERS = ("partly", "in part", "partially")
_STANCES = (
    (Mention.Stance.SUPPORTS,) * 6 + (Mention.Stance.MENTIONS,) * 3 + (Mention.Stance.DISPUTES,)
)


@dataclass
class SynthResult:
    outlets: int
    sources: int
    claims: int
    mentions: int

    def __str__(self) -> str:
        return (
            f"{self.sources} synthetic sources, {self.mentions} mentions, "
            f"{self.claims} new synthetic claims, {self.outlets} new synthetic outlets"
        )


def _quote_for(claim: Claim) -> str:
    words = claim.statement.rstrip(".").split()
    return " ".join(words[: min(len(words), 9)])


def _body(rng: random.Random, quotes: list[tuple[Claim, str, str]], n: int):
    """Article text with each quote placed in a sentence; returns text and mention spans."""
    parts = [f"This is synthetic article number {n}, generated for benchmarks. "]
    spans = []
    position = len(parts[0])
    for claim, quote, qualifier in quotes:
        for _ in range(rng.randint(2, 5)):
            filler = rng.choice(_FILLER).strip().rstrip(".") + ". "
            parts.append(filler)
            position += len(filler)
        lead = rng.choice(_LEADS)
        prefix = f"{lead} " if lead else ""
        hedge = f"{qualifier} " if qualifier else ""
        sentence_start = position
        sentence = f"{prefix}{hedge}{quote}."
        start = position + len(prefix) + len(hedge)
        spans.append((claim, quote, qualifier, start, sentence, sentence_start))
        parts.append(sentence + "\n\n")
        position += len(sentence) + 2
    for _ in range(rng.randint(3, 8)):
        filler = rng.choice(_FILLER).strip().rstrip(".") + ". "
        parts.append(filler)
    return "".join(parts), spans


def make_synthetic_corpus(
    *, sources: int, outlets: int = 60, claims: int = 40, seed: int = 2026, progress=None
) -> SynthResult:
    """Create ``sources`` synthetic articles (and the outlets/claims they need) with bulk inserts.

    Each article reports two to four claims, drawn from the existing claims
    (the real story's included) and ``claims`` synthetic ones; about one in
    five keeps a qualifier, one in ten disputes. A tenth of the articles has
    no outlet, a tenth is dated only to the month. ``progress`` is called
    with the number of sources written so far.
    """
    rng = random.Random(seed)
    with transaction.atomic():
        existing_outlets = Outlet.objects.filter(slug__startswith=SLUG_PREFIX).count()
        new_outlets = [
            Outlet(
                name=f"Synthetic Outlet {i}",
                slug=f"{SLUG_PREFIX}outlet-{i}",
                domain=f"outlet{i}.synthetic.example",
                description="Synthetic outlet for benchmarks; not a real publication.",
            )
            for i in range(existing_outlets + 1, max(existing_outlets, outlets) + 1)
        ]
        Outlet.objects.bulk_create(new_outlets, batch_size=BATCH)
        existing_claims = Claim.objects.filter(slug__startswith=SLUG_PREFIX).count()
        kinds = Claim.Kind.values
        new_claims = [
            Claim(
                slug=f"{SLUG_PREFIX}claim-{i}",
                statement=f"Synthetic claim {i}: a lab reportedly trained model {i} "
                f"on a rival's outputs.",
                kind=kinds[i % len(kinds)],
                match_rules={},
            )
            for i in range(existing_claims + 1, max(existing_claims, claims) + 1)
        ]
        Claim.objects.bulk_create(new_claims, batch_size=BATCH)

    outlet_pool = list(Outlet.objects.filter(slug__startswith=SLUG_PREFIX))
    claim_pool = list(Claim.objects.all())
    first = Source.objects.filter(origin__startswith=ORIGIN_PREFIX).count() + 1
    start_day = date(2026, 4, 30)
    written = mentions_written = 0
    for batch_start in range(first, first + sources, BATCH):
        batch_end = min(batch_start + BATCH, first + sources)
        batch_sources, batch_spans = [], []
        for n in range(batch_start, batch_end):
            picked = rng.sample(claim_pool, k=min(len(claim_pool), rng.randint(2, 4)))
            quotes = [
                (c, _quote_for(c), rng.choice(_QUALIFIERS) if rng.random() < 0.2 else "")
                for c in picked
            ]
            body, spans = _body(rng, quotes, n)
            raw = body.encode()
            month_only = rng.random() < 0.1
            batch_sources.append(
                Source(
                    outlet=None if rng.random() < 0.1 else rng.choice(outlet_pool),
                    title=f"Synthetic article {n}: {quotes[0][1][:80]}",
                    published=start_day + timedelta(days=rng.randint(0, 60)),
                    published_precision=DatePrecision.MONTH if month_only else DatePrecision.DAY,
                    body=body,
                    raw_input=raw,
                    origin=f"{ORIGIN_PREFIX}{n:07d}.txt",
                    content_hash=hashlib.sha256(raw).hexdigest(),
                    word_count=len(body.split()),
                )
            )
            batch_spans.append(spans)
        with transaction.atomic():
            created = Source.objects.bulk_create(batch_sources, batch_size=BATCH)
            if created and created[0].pk is None:
                # Backends that do not return ids from bulk inserts: read them back.
                by_origin = dict(
                    Source.objects.filter(origin__in=[s.origin for s in batch_sources]).values_list(
                        "origin", "pk"
                    )
                )
                for source in created:
                    source.pk = by_origin[source.origin]
            mentions = [
                Mention(
                    claim=claim,
                    source=source,
                    quote=quote,
                    start=start,
                    end=start + len(quote),
                    sentence=sentence,
                    sentence_start=sentence_start,
                    qualifier=qualifier,
                    variant=quote if rng.random() < 0.5 else quote.lower(),
                    stance=rng.choice(_STANCES),
                )
                for source, spans in zip(created, batch_spans, strict=True)
                for claim, quote, qualifier, start, sentence, sentence_start in spans
            ]
            Mention.objects.bulk_create(mentions, batch_size=BATCH)
        written += len(created)
        mentions_written += len(mentions)
        if progress:
            progress(written)
    return SynthResult(
        outlets=len(new_outlets),
        sources=written,
        claims=len(new_claims),
        mentions=mentions_written,
    )


def clear_synthetic() -> dict:
    """Delete every synthetic source, outlet and claim (and their mentions). Safe to re-run."""
    with transaction.atomic():
        sources, _ = Source.objects.filter(origin__startswith=ORIGIN_PREFIX).delete()
        claims, _ = Claim.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        outlets, _ = Outlet.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    return {"sources": sources, "claims": claims, "outlets": outlets}
