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
    "outlets": "sources__outlet__slug__in",
    "sources": "sources__in",
}


def filter_events(events: QuerySet[Event], filters: Filters) -> QuerySet[Event]:
    """Events in the date range that involve the chosen claims, kinds, outlets or sources."""
    events = narrow(events, filters, _EVENT_LOOKUPS)
    if any(getattr(filters, name) for name in ("claims", "kinds", "outlets", "sources")):
        events = events.distinct()  # joined through many-to-many: one row per link
    return events
