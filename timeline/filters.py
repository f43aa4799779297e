"""Timeline events narrowed by the reader filters (sources/filters.py), for the open data.

Here rather than in sources/filters.py so the shared bottom of the house never
imports timeline: timeline sits above sources. Builds QuerySets only; no writes.
"""

from django.db.models import QuerySet

from sources.filters import Filters, narrow
from timeline.models import Event

_EVENT_LOOKUPS = {
    "published_after": "date__gte",
    "published_before": "date__lte",
    "claims": "claims__slug__in",
    "kinds": "claims__kind__in",
    "verdicts": "claims__verdict__in",
    "outlets": "sources__outlet__slug__in",
    "sources": "sources__in",
}


# The filters met through an event's many-to-many links.
_THROUGH_LINKS = ("claims", "kinds", "verdicts", "outlets", "sources")


def filter_events(events: QuerySet[Event], filters: Filters) -> QuerySet[Event]:
    """Events in the date range that involve the chosen claims, kinds, verdicts, outlets or
    sources. Events have no mentions of their own: stance, method and reviewed do not apply."""
    events = narrow(events, filters, _EVENT_LOOKUPS)
    if any(getattr(filters, name) for name in _THROUGH_LINKS):
        events = events.distinct()  # joined through many-to-many: one row per link
    return events
