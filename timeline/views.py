"""The front page (the story and its computed findings) and the timeline page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sources.pages.labels import finding_sentences
from sources.pages.queries.findings import headline_findings
from timeline import charts, queries


def story(request: HttpRequest) -> HttpResponse:
    findings, reporters = headline_findings()
    context = {
        "story": queries.current_story(),
        "findings": finding_sentences(findings),
        "reporters": reporters,
        "events": queries.key_dates(),
    }
    return render(request, "timeline/story.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    events = list(queries.timeline_events())
    days = queries.articles_per_day()
    context = {
        "events": events,
        "days": days,
        "undated": queries.undated_sources_count(days),
        "figure": charts.cached_timeline_figure(events=events, days=days),
    }
    return render(request, "timeline/timeline.html", context)
