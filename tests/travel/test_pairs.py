"""Reuse pairs and copy groups in the database: who copies whom, and editors' decisions."""

from datetime import date

import pytest

from sources.models import Citation, ReusePair, Source
from sources.travel.groups import (
    independent_count,
    independent_reports,
    mark_copy,
    rebuild_copy_groups,
    unmark_copy,
)
from sources.travel.pairs import decide, detect_pairs
from tests.factories import make_claim, make_mention, make_source
from tests.travel.texts import ORIGINAL, OTHER, RETYPED, UNRELATED

pytestmark = pytest.mark.django_db


def _detect():
    detect_pairs()
    rebuild_copy_groups()


def test_the_earlier_article_is_the_one_copied_and_the_share_is_of_the_later():
    later = make_source(body=RETYPED + " " + OTHER, published=date(2026, 5, 2))
    earlier = make_source(body=ORIGINAL, published=date(2026, 5, 1))
    make_source(body=UNRELATED)

    counts = detect_pairs()

    pair = ReusePair.objects.get()
    assert counts.created == 1
    assert (pair.source, pair.copies, pair.ordered_by) == (later, earlier, "dates")
    assert 0.5 < pair.share < 1  # the later article added a paragraph of its own
    for passage in pair.passages:
        assert (
            later.body[passage["a_start"] : passage["a_end"]].lower().split()[:3]
            == (earlier.body[passage["b_start"] : passage["b_end"]].lower().split()[:3])
        )


def test_a_same_day_pair_is_turned_by_a_citation_or_left_unordered():
    first = make_source(body=ORIGINAL, published=date(2026, 5, 1))
    second = make_source(body=RETYPED, published=date(2026, 5, 1))
    detect_pairs()
    assert ReusePair.objects.get().ordered_by == ""

    Citation.objects.create(
        source=first, kind=Citation.Kind.REPUBLISHED_FROM, cited_source=second, text="via"
    )
    detect_pairs()

    pair = ReusePair.objects.get()
    assert (pair.source, pair.copies, pair.ordered_by) == (first, second, "citation")


def test_rerunning_keeps_an_editors_decision_and_drops_only_proposed_pairs():
    make_source(body=ORIGINAL, published=date(2026, 5, 1))
    copy = make_source(body=RETYPED, published=date(2026, 5, 2))
    other_original = make_source(body=UNRELATED + " " + OTHER, published=date(2026, 5, 1))
    other_copy = make_source(body=UNRELATED + " " + OTHER, published=date(2026, 5, 3))
    detect_pairs()
    dismissed = decide(ReusePair.objects.get(source=copy), "dismissed")

    counts = detect_pairs()
    assert ReusePair.objects.get(pk=dismissed.pk).status == "dismissed"
    assert counts.kept_by_editor == 1

    # Both copies rewritten: the pairs are no longer found. The editor's stays.
    Source.objects.filter(pk__in=[copy.pk, other_copy.pk]).update(body="Nothing in common now.")
    counts = detect_pairs()
    assert list(ReusePair.objects.values_list("pk", "status")) == [(dismissed.pk, "dismissed")]
    assert counts.deleted == 1
    assert other_original.reused_by.count() == 0


def test_a_near_identical_copy_joins_its_originals_group_and_counts_once():
    original = make_source(body=ORIGINAL, published=date(2026, 5, 1))
    copy = make_source(body=RETYPED, published=date(2026, 5, 2))
    partial = make_source(body=OTHER + " " + ORIGINAL[:300], published=date(2026, 5, 3))
    _detect()

    copy.refresh_from_db()
    partial.refresh_from_db()
    assert copy.copy_of == original
    assert partial.copy_of is None  # shares a passage, but is mostly its own words
    assert independent_count([original.pk, copy.pk, partial.pk]) == 2

    claim = make_claim()
    mentions = [make_mention(claim=claim, source=s, quote="Brenna Voss") for s in (original, copy)]
    (report,) = independent_reports(mentions)
    assert (report.original_id, report.copies, len(report.mentions)) == (original.pk, 1, 2)


def test_editors_mark_and_unmark_copies_and_redetection_leaves_their_marks():
    original = make_source(body=ORIGINAL, published=date(2026, 5, 1))
    copy = make_source(body=RETYPED, published=date(2026, 5, 2))
    unrelated = make_source(body=UNRELATED)
    _detect()

    unmark_copy(copy)
    mark_copy(unrelated, original)
    _detect()

    copy.refresh_from_db()
    unrelated.refresh_from_db()
    assert copy.copy_of is None
    assert unrelated.copy_of == original
    assert independent_count([original.pk, copy.pk, unrelated.pk]) == 2


def test_a_dismissed_pair_is_not_a_copy_and_a_confirmed_one_is():
    original = make_source(body=ORIGINAL, published=date(2026, 5, 1))
    copy = make_source(body=RETYPED, published=date(2026, 5, 2))
    partial = make_source(body=OTHER + " " + ORIGINAL[:300], published=date(2026, 5, 3))
    detect_pairs()
    decide(ReusePair.objects.get(source=copy), "dismissed")
    decide(ReusePair.objects.get(source=partial, copies=original), "confirmed")

    rebuild_copy_groups()

    assert Source.objects.get(pk=copy.pk).copy_of is None
    assert Source.objects.get(pk=partial.pk).copy_of == original
