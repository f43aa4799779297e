"""Reads for the story and timeline pages. Fixed query counts; nothing here writes."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from sources.models import HEAVY_SOURCE_FIELDS, Claim, DatePrecision, Source
from timeline.models import Event, Story


def current_story() -> Story | None:
    """The front page text (the one Story row), or None before any is loaded. One query."""
    return Story.objects.order_by("pk").first()


def timeline_events() -> QuerySet[Event]:
    """Every event in date order with its claims and sources (and their outlets).

    Three queries. Events are editorial (tens, not thousands), so no paging.
    """
    return Event.objects.order_by("date", "slug").prefetch_related(
        Prefetch(
            "claims",
            queryset=Claim.objects.published().order_by("slug").only("id", "slug", "statement"),
        ),
        Prefetch(
            "sources",
            queryset=Source.objects.select_related("outlet")
            .defer(*HEAVY_SOURCE_FIELDS)
            .order_by("published", "title"),
        ),
    )


@dataclass
class DayCount:
    day: date
    articles: int


def articles_per_day() -> list[DayCount]:
    """How many sources were published on each day we know to the day. One query."""
    rows = (
        Source.objects.filter(published__isnull=False, published_precision=DatePrecision.DAY)
        .values("published")
        .annotate(n=Count("id"))
        .order_by("published")
    )
    return [DayCount(day=row["published"], articles=row["n"]) for row in rows]


def undated_sources_count(days: list[DayCount]) -> int:
    """Sources not dated to the day (so missing from ``days``). One query on the primary key."""
    return Source.objects.count() - sum(d.articles for d in days)


def key_dates() -> list[Event]:
    """Events in date order, without their relations (the front page's short list). One query."""
    return list(
        Event.objects.order_by("date", "slug").only("slug", "date", "date_precision", "title")
    )
