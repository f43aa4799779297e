"""Publication dates at the precision known: intervals, "before", and ordering with ties.

No database access. A date known to the day is the whole of that day; to the month, the
whole month; a datetime (where a source knows the time) is that instant. One article is
*before* another only when its interval ends before the other's begins, so a date-only
article is never placed before a timed one on the same day (nor after it): they tie, and
the tie is reported, not hidden.
"""

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Interval:
    """When something was published, as far as is known: ``earliest`` ≤ t ≤ ``latest``."""

    earliest: datetime
    latest: datetime
    precision: str

    def before(self, other: "Interval") -> bool:
        """Certainly published before ``other``."""
        return self.latest < other.earliest


def interval(published: date | datetime | None, precision: str = "day") -> Interval | None:
    """The interval a published date stands for; None when the date is unknown."""
    if published is None or precision == "unknown":
        return None
    if isinstance(published, datetime):
        return Interval(published.replace(tzinfo=None), published.replace(tzinfo=None), "time")
    if precision == "year":
        first, last = date(published.year, 1, 1), date(published.year, 12, 31)
    elif precision == "month":
        days = calendar.monthrange(published.year, published.month)[1]
        first, last = published.replace(day=1), published.replace(day=days)
    else:
        first = last = published
    return Interval(datetime.combine(first, time.min), datetime.combine(last, time.max), precision)


def order(first: Interval | None, second: Interval | None) -> int:
    """-1 if ``first`` is certainly earlier, 1 if certainly later, 0 if nobody can tell."""
    if first is None or second is None:
        return 0
    if first.before(second):
        return -1
    if second.before(first):
        return 1
    return 0


@dataclass
class Placed[T]:
    """One item in an order at the precision known. Items sharing a ``rank`` are a tie."""

    item: T
    when: Interval | None
    rank: int | None  # None: date unknown, not placed
    tied: bool  # shares its rank with another item: their order is not known


def rank[T](items: Iterable[T], when: Callable[[T], Interval | None]) -> list[Placed[T]]:
    """``items`` in publication order, ties grouped, undated ones last without a rank.

    Items are sorted by their earliest possible moment; a new rank starts only when an item
    is certainly after every item of the current rank. So a rank is a run of items whose
    intervals chain together: none of them can be put before the others without saying so.
    """
    dated, undated = [], []
    for item in items:
        moment = when(item)
        (dated if moment else undated).append((item, moment))
    dated.sort(key=lambda pair: (pair[1].earliest, pair[1].latest))
    placed: list[Placed[T]] = []
    current_rank, latest_in_rank, members = 0, None, []
    for item, moment in dated:
        if latest_in_rank is None or latest_in_rank < moment.earliest:
            _close(members)
            current_rank = len(placed) + 1
            members = []
            latest_in_rank = moment.latest
        else:
            latest_in_rank = max(latest_in_rank, moment.latest)
        entry = Placed(item, moment, current_rank, False)
        members.append(entry)
        placed.append(entry)
    _close(members)
    placed.extend(Placed(item, None, None, False) for item, _ in undated)
    return placed


def _close(members: list) -> None:
    if len(members) > 1:
        for entry in members:
            entry.tied = True


def lag_days(when: Interval | None, reference: date | None) -> tuple[int, int] | None:
    """Whole days from ``reference`` to the interval: (least, most); None if either unknown."""
    if when is None or reference is None:
        return None
    start = datetime.combine(reference, time.min)
    return (when.earliest - start) // timedelta(days=1), (when.latest - start) // timedelta(days=1)
