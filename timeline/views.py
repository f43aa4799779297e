"""The front page (the story, its chart and its computed findings), the chart's figure and
pages of its articles, and the timeline page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from sources.models import Claim
from sources.pages.queries.memo import per_version
from sources.pages.queries.travel import tracked_claim
from timeline import precomputed
from timeline.story_chart import StoryChart


def _story_chart_section(claim: Claim) -> str:
    """The chart's section of the front page (its figure is fetched from its own URL).

    Rendered once per data version: it depends on no request parameter, and the data
    behind it (every article reporting the claim) is large and changes only on a write.
    """
    chart = StoryChart(claim)
    if not chart.head.total:
        return ""
    return render_to_string(
        "timeline/_story_chart.html", {"head": chart.head, "page_obj": chart.marks_page()}
    )


def story(request: HttpRequest) -> HttpResponse:
    findings, reporters = precomputed.findings()
    claim = tracked_claim()
    section = (
        per_version(f"story-chart-html:{claim.pk}", lambda: _story_chart_section(claim))
        if claim
        else ""
    )
    context = {
        "story": precomputed.front_story(),
        "findings": findings,
        "reporters": reporters,
        "events": precomputed.key_dates(),
        "story_chart": section,
    }
    return render(request, "timeline/story.html", context)


@require_safe
def story_figure(request: HttpRequest) -> HttpResponse:
    """The story chart's plotly figure, as JSON for static/js/charts.js."""
    claim = tracked_claim()
    figure = StoryChart(claim).figure_json() if claim else None
    if figure is None:
        raise Http404("No article reports the claim the story tracks.")
    return HttpResponse(figure, content_type="application/json")


def story_chart(request: HttpRequest) -> HttpResponse:
    """Every article of the story chart as a table, a page at a time."""
    claim = tracked_claim()
    chart = StoryChart(claim) if claim else None
    if chart is None or not chart.head.total:
        raise Http404("No article reports the claim the story tracks.")
    page_obj = chart.marks_page(request.GET.get("page"))
    context = {
        "head": chart.head,
        "page_obj": page_obj,
        "canonical_query": f"page={page_obj.number}" if page_obj.number > 1 else "",
    }
    return render(request, "timeline/story_chart.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    claim = tracked_claim()
    events, days = precomputed.timeline_events(), precomputed.articles_per_day()
    context = {
        "events": events,
        "days": precomputed.day_rows(days),
        "undated": precomputed.undated_sources_count(days),
        "figure_script": precomputed.timeline_figure_script(events, days),
        "tracked": claim,
        "first": precomputed.first_reports_head(claim) if claim else None,
    }
    return render(request, "timeline/timeline.html", context)
