"""Reporting verbs on mentions, and the verb × qualifier summary."""

import pytest

from sources.models import Mention
from sources.travel.framing import frame_mentions, verb_qualifier_summary
from tests.factories import make_claim, make_mention, make_source

pytestmark = pytest.mark.django_db


def _mention(claim, sentence, quote, qualifier=""):
    source = make_source(body=f"Intro line. {sentence} Closing line.")
    return make_mention(
        claim=claim,
        source=source,
        quote=quote,
        sentence=sentence,
        sentence_start=source.body.index(sentence),
        qualifier=qualifier,
    )


def test_verbs_are_set_from_the_sentence_and_an_editors_verb_is_kept():
    claim = make_claim()
    admitted = _mention(claim, "Voss admitted the pier was rotten.", "the pier was rotten")
    hedged = _mention(
        claim, "“The pier was partly rotten,” Voss said.", "The pier was partly rotten", "partly"
    )
    bare = _mention(
        claim, "The pier was rotten, critics who claimed it said.", "The pier was rotten"
    )
    edited = _mention(claim, "Voss admitted the pier was rotten.", "the pier was rotten")
    edited.reporting_verb, edited.verb_connotation = "conceded", "concession"
    edited.mark_editor_owned("reporting_verb")
    edited.save()

    counts = frame_mentions()

    verbs = dict(Mention.objects.values_list("pk", "reporting_verb"))
    assert verbs == {admitted.pk: "admitted", hedged.pk: "said", bare.pk: "", edited.pk: "conceded"}
    assert Mention.objects.get(pk=admitted.pk).verb_connotation == "concession"
    assert counts["kept_by_editor"] == 1
    assert frame_mentions()["changed"] == 0  # re-running changes nothing


def test_summary_counts_per_verb_how_often_the_qualifier_was_dropped():
    claim = make_claim()
    _mention(claim, "Voss admitted the pier was rotten.", "the pier was rotten")
    _mention(claim, "Voss admitted the pier was rotten.", "the pier was rotten")
    _mention(
        claim, "Voss admitted the pier was partly rotten.", "the pier was partly rotten", "Partly"
    )
    _mention(claim, "Voss said the pier was partly rotten.", "the pier was partly rotten", "partly")
    frame_mentions()

    rows = {
        r.verb: (r.mentions, r.kept, r.dropped, r.qualifier, r.connotation)
        for r in verb_qualifier_summary(claim)
    }

    assert rows == {
        "admitted": (3, 1, 2, "partly", "concession"),
        "said": (1, 1, 0, "partly", "neutral"),
    }
