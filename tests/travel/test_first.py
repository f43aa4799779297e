"""Who had it first: order at the precision known, ties said out loud, lag from the claim."""

from datetime import date, datetime

import pytest

from sources.travel.dates import interval, rank
from sources.travel.first import first_reports
from tests.factories import make_claim, make_mention, make_outlet, make_source

pytestmark = pytest.mark.django_db


def test_a_date_only_report_is_not_placed_before_a_timed_one_on_the_same_day():
    items = {
        "timed": interval(datetime(2026, 5, 1, 9, 30)),
        "day": interval(date(2026, 5, 1), "day"),
        "earlier": interval(date(2026, 4, 30), "day"),
        "unknown": None,
    }

    placed = rank(items, items.get)

    assert [(p.item, p.rank, p.tied) for p in placed] == [
        ("earlier", 1, False),
        ("day", 2, True),
        ("timed", 2, True),
        ("unknown", None, False),
    ]


def test_first_reports_order_outlets_by_date_with_ties_and_lag_from_the_testimony():
    claim = make_claim(claimed_on=date(2026, 4, 30))
    day_one = make_outlet(name="Day One Daily")
    monthly = make_outlet(name="Monthly Review")
    next_day = make_outlet(name="Next Day News")
    undated = make_outlet(name="Undated Blog")
    for outlet, published, precision in [
        (next_day, date(2026, 5, 1), "day"),
        (next_day, date(2026, 5, 4), "day"),
        (monthly, date(2026, 4, 1), "month"),
        (day_one, date(2026, 4, 30), "day"),
        (undated, None, "unknown"),
    ]:
        source = make_source(outlet=outlet, published=published, published_precision=precision)
        make_mention(claim=claim, source=source)

    reports = first_reports(claim)

    assert [(r.outlet, r.rank, r.tied, r.lag, r.articles) for r in reports] == [
        # April, to the month: it may be before or on the testimony day; it ties with it.
        ("Monthly Review", 1, True, (-29, 0), 1),
        ("Day One Daily", 1, True, (0, 0), 1),
        ("Next Day News", 3, False, (1, 1), 2),
        ("Undated Blog", None, False, None, 1),
    ]
