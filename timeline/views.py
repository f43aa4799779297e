"""The front page (the story and its computed findings) and the timeline page."""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from sources.models import Claim
from sources.pages.labels import finding_sentences, with_lags
from sources.pages.queries.findings import headline_findings
from sources.pages.queries.memo import per_version
from sources.pages.queries.travel import (
    StoryMarks,
    cached_first_reports,
    story_marks,
    tracked_claim,
)
from timeline import charts, queries


@dataclass
class _StoryChart:
    tracked: StoryMarks | None = None
    marks: list[charts.ChartMark] = field(default_factory=list)
    figure: dict | None = None
    html: str = ""  # the chart's section, rendered


def _story_chart(claim: Claim) -> _StoryChart:
    """The story chart of ``claim``: its marks, figure and rendered section (a table of
    every article reporting it). Three queries; the page reads it once per data version."""
    tracked = story_marks(claim)
    marks = charts.chart_marks(tracked)
    if not marks:
        return _StoryChart(tracked=tracked)
    credit = (
        f"Chart: {settings.SITE_NAME} ({settings.SITE_URL}). {len(marks)} articles reporting "
        f"the claim; each links to its sentence."
    )
    figure = charts.cached_story_figure(marks=marks, qualifier=tracked.qualifier, credit=credit)
    html = render_to_string(
        "timeline/_story_chart.html", {"tracked": tracked, "marks": marks, "story_figure": figure}
    )
    return _StoryChart(tracked=tracked, marks=marks, figure=figure, html=html)


def story(request: HttpRequest) -> HttpResponse:
    findings, reporters = headline_findings()
    claim = tracked_claim()
    chart = (
        per_version(f"story-chart-section:{claim.pk}", lambda: _story_chart(claim))
        if claim
        else _StoryChart()
    )
    context = {
        "story": queries.current_story(),
        "findings": finding_sentences(findings),
        "reporters": reporters,
        "events": queries.key_dates(),
        "tracked": chart.tracked,
        "marks": chart.marks,
        "story_figure": chart.figure,
        "story_chart": chart.html,
    }
    return render(request, "timeline/story.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    events = list(queries.timeline_events())
    days = per_version("articles-per-day", queries.articles_per_day)
    claim = tracked_claim()
    context = {
        "events": events,
        "days": days,
        "undated": queries.undated_sources_count(days),
        "figure": charts.cached_timeline_figure(events=events, days=days),
        "tracked": claim,
        "first": with_lags(cached_first_reports(claim)) if claim else [],
    }
    return render(request, "timeline/timeline.html", context)
