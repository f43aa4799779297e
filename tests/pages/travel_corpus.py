"""An original article and a near-identical copy that dropped "Partly.", on top of the
pages' small corpus, with reuse detected by the real pipeline (sources/travel)."""

from dataclasses import dataclass
from datetime import date

from sources.models import Mention, ReusePair, Source
from sources.travel.groups import rebuild_copy_groups
from sources.travel.pairs import detect_pairs
from tests.factories import make_mention, make_outlet, make_source

ORIGINAL_TEXT = (
    "The hearing ran long on Thursday. The lawyer asked whether the firm had used Rival "
    "models to train its own bot, and whether anyone at the firm had checked the terms. "
    "Asked if the firm partly used Rival models, Musk answered: “Partly.” The judge then "
    "called a recess while the lawyers argued over exhibits, and the jury was sent home "
    "early because the next witness, a former engineer, could not reach the courthouse "
    "before the afternoon session began. <b>Court</b> resumes on Monday morning."
)
COPY_TEXT = (
    "The hearing ran long on Thursday. The lawyer asked whether the firm had used Rival "
    "models to train its own bot, and whether anyone at the firm had checked the terms. "
    "Asked if the firm partly used Rival models, Musk admitted it. The judge then "
    "called a recess while the lawyers argued over exhibits, and the jury was sent home "
    "early because the next witness, a former engineer, could not reach the courthouse "
    "before the afternoon session began. <b>Court</b> resumes on Monday morning."
)


@dataclass
class Travelled:
    original: Source
    copy: Source
    pair: ReusePair
    original_mention: Mention
    copy_mention: Mention


def add_travelled(corpus) -> Travelled:
    """Add the two articles (original 1 May, copy 3 May) and detect the reuse between them."""
    corpus.hedged.claimed_on = date(2026, 4, 30)
    corpus.hedged.save()
    original = make_source(
        ORIGINAL_TEXT,
        title="The hearing, as it happened",
        outlet=make_outlet(name="Origin Times"),
        published=date(2026, 5, 1),
    )
    copy = make_source(
        COPY_TEXT,
        title="Musk admits it",
        outlet=make_outlet(name="Aggregator Hub"),
        published=date(2026, 5, 3),
    )
    original_mention = make_mention(
        claim=corpus.hedged,
        source=original,
        quote="the firm partly used Rival models",
        qualifier="partly",
        reporting_verb="answered",
        verb_connotation="neutral",
    )
    copy_mention = make_mention(
        claim=corpus.hedged,
        source=copy,
        quote="the firm partly used Rival models",
        reporting_verb="admitted",
        verb_connotation="concession",
    )
    Mention.objects.filter(pk=corpus.dropped_mention.pk).update(
        reporting_verb="admitted", verb_connotation="concession"
    )
    Mention.objects.filter(pk=corpus.kept_mention.pk).update(
        reporting_verb="said", verb_connotation="neutral"
    )
    detect_pairs()
    rebuild_copy_groups()
    copy.refresh_from_db()
    pair = ReusePair.objects.get(source=copy, copies=original)
    return Travelled(original, copy, pair, original_mention, copy_mention)
