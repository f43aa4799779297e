"""The words the pages build from data: filter labels and the front page's sentences."""

from datetime import date

from sources.filters import Filters
from sources.models import Claim
from sources.pages.labels import carried_label, finding_sentence, label_carried
from sources.pages.queries.coverage import carried_filters
from sources.pages.queries.findings import DISPUTED, HEDGE_KEPT, STATED, Finding


def test_carried_filters_name_what_is_loaded_and_show_the_rest_as_given():
    filters = Filters(claims=("gone-claim",), sources=(999,), published_before=date(2026, 5, 1))
    carried = label_carried(carried_filters(filters))
    assert [c.label for c in carried] == [
        "Claim: gone-claim",
        "Article: no. 999",
        "Published on or before 1 May 2026",
    ]
    # Dropping one filter keeps the others in the query string.
    assert "source=999" in carried[0].remove_query
    assert "claim=" not in carried[0].remove_query


def test_carried_label_uses_the_loaded_name():
    (carried,) = carried_filters(
        Filters(claims=("c",)), claims=[Claim(slug="c", statement="Musk said so.")]
    )
    assert carried_label(carried) == "Claim: Musk said so."


def test_finding_sentences_agree_in_number():
    claim = Claim(slug="c", statement="It is “partly” true.", kind=Claim.Kind.BENCHMARK)
    assert (
        finding_sentence(Finding(DISPUTED, claim, 1)) == "1 outlet disputed “It is ‘partly’ true”."
    )
    assert (
        finding_sentence(Finding(STATED, claim, 2, 3))
        == "2 of 3 outlets gave: “It is ‘partly’ true”."
    )
    assert finding_sentence(Finding(HEDGE_KEPT, claim, 1, 1, word="partly")) == (
        "1 of 1 outlet that reported “It is ‘partly’ true” kept the “partly”; 0 dropped it."
    )
