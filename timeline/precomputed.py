"""The story and timeline pages' parts that change only on a write, read once per data version.

The story's text with its markdown rendered, the key dates and the timeline's events with
their links, the findings' sentences, the count of undated articles, the head of "who had
it first": each costs queries (markdown a millisecond or more per text) on every request,
yet stays the same until an editor, the linker or an ingest writes, which bumps the data
version (sources/pages/queries/memo.py). Plain values, so they pickle small.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from sources.markdown import render_markdown
from sources.models import Claim
from sources.pages.labels import Sentence, finding_sentences, with_lags
from sources.pages.queries.findings import headline_findings
from sources.pages.queries.memo import per_version
from sources.pages.queries.travel import cached_first_reports
from sources.templatetags.pages import time_tag
from timeline import charts, queries
from timeline.queries import DayCount

# "Who had it first" on the timeline: the first outlets; the claim's page lists them all.
FIRST_REPORTS_SHOWN = 10
CLAIM_LABEL_CHARS = 70


@dataclass(frozen=True)
class FrontStory:
    headline: str
    summary: str
    body_html: SafeString  # the body's markdown, rendered and cleaned (render_markdown)


@dataclass(frozen=True)
class KeyDate:
    url: str  # its entry on the timeline page
    date: date
    date_precision: str
    title: str


@dataclass(frozen=True)
class EventEntry:
    """An event as the timeline lists it: its text rendered, its claims and sources as
    (link, label) pairs."""

    slug: str
    date: date
    date_precision: str
    title: str
    description_html: SafeString | str
    claims: list[tuple[str, str]]
    sources: list[tuple[str, str]]


@dataclass(frozen=True)
class FirstReports:
    """The first ``FIRST_REPORTS_SHOWN`` of the outlets that reported the tracked claim,
    each with its lag in words (``labels.with_lags``), and how many outlets there are."""

    shown: list[tuple]
    total: int


def _front_story() -> FrontStory | None:
    story = queries.current_story()
    if story is None:
        return None
    return FrontStory(
        headline=story.headline, summary=story.summary, body_html=render_markdown(story.body)
    )


def front_story() -> FrontStory | None:
    """The story's headline, summary and body as HTML, or None before one is loaded.
    One query once per data version, none after that."""
    return per_version("front-story", _front_story)


def key_dates() -> list[KeyDate]:
    """The events in date order, each with its link. One query once per data version."""
    return per_version(
        "front-key-dates",
        lambda: [
            KeyDate(e.get_absolute_url(), e.date, e.date_precision, e.title)
            for e in queries.key_dates()
        ],
    )


def findings() -> tuple[list[Sentence], int]:
    """The headline findings as sentences with their links, and how many reporters the
    corpus has (``headline_findings``). Six queries once per data version, none after."""

    def compute() -> tuple[list[Sentence], int]:
        found, reporters = headline_findings()
        return finding_sentences(found), reporters

    return per_version("front-findings", compute)


def _event_entries() -> list[EventEntry]:
    return [
        EventEntry(
            slug=event.slug,
            date=event.date,
            date_precision=event.date_precision,
            title=event.title,
            description_html=render_markdown(event.description) if event.description else "",
            claims=[
                (c.get_absolute_url(), Truncator(c.statement).chars(CLAIM_LABEL_CHARS))
                for c in event.claims.all()
            ],
            sources=[
                (s.get_absolute_url(), s.outlet.name if s.outlet_id else "Unknown outlet")
                for s in event.sources.all()
            ],
        )
        for event in queries.timeline_events()
    ]


def timeline_events() -> list[EventEntry]:
    """Every event in date order, ready to list. Three queries once per data version."""
    return per_version("timeline-events", _event_entries)


def articles_per_day() -> list[DayCount]:
    """``queries.articles_per_day``: one query once per data version."""
    return per_version("articles-per-day", queries.articles_per_day)


def undated_sources_count(days: list[DayCount]) -> int:
    """Articles not dated to the day (``days``: ``articles_per_day()``). One count of every
    source once per data version."""
    return per_version("undated-sources", lambda: queries.undated_sources_count(days))


@dataclass(frozen=True)
class DayRow:
    published: SafeString  # the day as a <time> element
    articles: str  # the count, written once (the template's number formatting adds up)


def day_rows(days: list[DayCount]) -> list[DayRow]:
    """``days`` (``articles_per_day()``) as the table's rows, written once per data version."""
    return per_version("day-rows", lambda: [DayRow(time_tag(d.day), str(d.articles)) for d in days])


def timeline_figure_script(events: list[EventEntry], days: list[DayCount]) -> SafeString:
    """The timeline chart (``charts.timeline_figure``) of ``events`` (``timeline_events()``)
    and ``days`` (``articles_per_day()``), as the ``<script type="application/json"
    id="timeline-figure">`` static/js/charts.js reads: serialised once per data version
    (it only changes with the events and counts)."""
    return per_version(
        "timeline-figure-script",
        lambda: json_script(
            charts.cached_timeline_figure(events=events, days=days), "timeline-figure"
        ),
    )


def first_reports_head(claim: Claim) -> FirstReports:
    """The first outlets to report ``claim`` and how many did (``cached_first_reports``)."""

    def compute() -> FirstReports:
        reports = cached_first_reports(claim)
        return FirstReports(shown=with_lags(reports[:FIRST_REPORTS_SHOWN]), total=len(reports))

    return per_version(f"first-reports-head:{claim.pk}", compute)
