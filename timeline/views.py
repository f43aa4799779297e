"""The front page (the story and its computed findings) and the timeline page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sources.pages.labels import finding_sentences, with_lags
from sources.pages.queries.findings import headline_findings
from sources.pages.queries.memo import per_version
from sources.pages.queries.travel import cached_first_reports, story_marks, tracked_claim
from timeline import charts, queries


def _story_chart(claim):
    marks = story_marks(claim)
    return marks, charts.chart_marks(marks)


def story(request: HttpRequest) -> HttpResponse:
    findings, reporters = headline_findings()
    claim = tracked_claim()
    marks, chart = (
        per_version(f"story-chart:{claim.pk}", lambda: _story_chart(claim)) if claim else (None, [])
    )
    credit = (
        f"Chart: {settings.SITE_NAME} ({settings.SITE_URL}). {len(chart)} articles reporting "
        f"the claim; each links to its sentence."
    )
    context = {
        "story": queries.current_story(),
        "findings": finding_sentences(findings),
        "reporters": reporters,
        "events": queries.key_dates(),
        "tracked": marks,
        "marks": chart,
        "story_figure": (
            charts.cached_story_figure(marks=chart, qualifier=marks.qualifier, credit=credit)
            if chart
            else None
        ),
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
