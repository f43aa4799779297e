"""Plotly figures for the timeline page, as JSON-ready dicts.

The timeline page passes its dict through ``json_script``; the story chart's is a
document of its own (timeline/story_chart.py, ``/story/chart.json``), too big to carry
in the front page. static/js/charts.js draws them with ``Plotly.newPlot``: no inline
script, so the CSP stays strict. Pure functions of their inputs; no database access.
Building a plotly figure costs tens of milliseconds, so ``cached_timeline_figure``
keeps each one under a hash of exactly the data it is drawn from.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go
from django.core.cache import cache

from sources.pages.queries.travel import Mark, StoryMarks
from sources.travel.dates import interval
from timeline.queries import DayCount

DAY_MS = 24 * 60 * 60 * 1000


def _label(precision: str) -> str:
    return "" if precision == "day" else f" (date known to the {precision})"


def _day_window(events: list, days: list[DayCount]) -> dict:
    """Open the chart on the days we know to the day (a few days either side).

    Events dated only to the month or year would otherwise stretch the axis
    over months and squeeze the daily bars to slivers; they stay in the
    figure (zoom out to see them) and in the list beside it.
    """
    known = [d.day for d in days] + [e.date for e in events if e.date_precision == "day"]
    if not known:
        return {}
    start = min(known) - timedelta(days=3)
    end = max(known) + timedelta(days=3)
    return {"range": [start.isoformat(), end.isoformat()]}


# How far above the one before it each further event of the same day is drawn.
EVENT_STACK_STEP = 0.6


def _event_heights(events: list, *, base: float) -> list[float]:
    """A height per event: ``base``, stepping up for each further event on the same date.

    Events of one day would otherwise be drawn on top of each other, and
    only the last one could be seen or hovered.
    """
    seen: dict = {}
    heights = []
    for event in events:
        n = seen.get(event.date, 0)
        seen[event.date] = n + 1
        heights.append(base + n * EVENT_STACK_STEP)
    return heights


def timeline_figure(*, events: Iterable, days: Iterable[DayCount]) -> dict:
    """Articles published per day (bars) with the story's events marked above them.

    ``events`` are Event-like objects (date, date_precision, title, slug).
    The same data is listed in the page beside the chart.
    """
    days = list(days)
    events = list(events)
    peak = max((d.articles for d in days), default=0)
    fig = go.Figure()
    fig.add_bar(
        name="Articles published",
        x=[d.day.isoformat() for d in days],
        y=[d.articles for d in days],
        marker_color="#1f5f99",
        # On a date axis a lone bar would be a millisecond wide; make each a day's width.
        width=[DAY_MS * 0.8] * len(days),
        hovertemplate="%{x|%d %b %Y}: %{y} article(s)<extra></extra>",
    )
    fig.add_scatter(
        name="Events",
        mode="markers",
        x=[e.date.isoformat() for e in events],
        y=_event_heights(events, base=peak + 1),
        marker={"symbol": "diamond", "size": 13, "color": "#b3261e"},
        text=[f"{e.title}{_label(e.date_precision)}" for e in events],
        customdata=[e.slug for e in events],
        hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>",
    )
    fig.update_layout(
        template="simple_white",
        height=340,
        margin={"l": 48, "r": 16, "t": 16, "b": 48},
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "date", "title": None, **_day_window(events, days)},
        yaxis={"title": "Articles", "rangemode": "tozero", "dtick": 1 if peak < 10 else None},
        font={"family": "system-ui, sans-serif", "size": 14, "color": "#1a1a1a"},
    )
    return json.loads(fig.to_json())


def cached_timeline_figure(*, events: Iterable, days: Iterable[DayCount]) -> dict:
    """``timeline_figure``, reused while the events and daily counts stay the same."""
    events, days = list(events), list(days)
    fingerprint = repr(
        (
            [(e.slug, e.date, e.date_precision, e.title) for e in events],
            [(d.day, d.articles) for d in days],
        )
    )
    key = "timeline-figure:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    figure = cache.get(key)
    if figure is None:
        figure = timeline_figure(events=events, days=days)
        cache.set(key, figure, 24 * 3600)
    return figure


# --- The story chart (issue 16 §5): each article on a time axis, grouped by what it copies ---

KEPT_COLOUR, DROPPED_COLOUR = "#1f5f99", "#c2410c"
# Marks on the same day in the same row are spread by this much (rows are 1 apart).
MARK_STACK_STEP = 0.18
QUOTE_CHARS = 110


@dataclass(frozen=True)
class ChartMark:
    """One article as the story chart draws it: plain values, so figures can be cached."""

    order: int  # position in time order: the table's row and the keyboard's order
    url: str  # the sentence: /sources/<id>/#mention-N
    outlet: str
    title: str
    day: date | None
    precision: str
    kept: bool
    verb: str
    quote: str
    row: str  # the copy group's label, or NO_GROUP
    copies: str  # the article it takes its text from ("outlet: title"), or ""


NO_GROUP = "No shared text found"


def _name(outlet: str, title: str) -> str:
    return outlet or f"“{title}”"


def chart_marks(story: StoryMarks) -> list[ChartMark]:
    """The story's marks as plain values, in time order (undated last, by outlet)."""

    def when(mark: Mark) -> tuple:
        moment = interval(mark.source.published, mark.source.published_precision)
        outlet = mark.source.outlet.name.lower() if mark.source.outlet_id else "~"
        if moment is None:
            return (1, outlet, mark.source.title, mark.source.pk)
        return (0, moment.earliest, moment.latest, mark.source.pk)

    result = []
    for order, mark in enumerate(sorted(story.marks, key=when), start=1):
        source, mention = mark.source, mark.mention
        group = story.groups.get(mark.group) if mark.group else None
        copies = story.groups.get(mark.copies) if mark.copies else None
        result.append(
            ChartMark(
                order=order,
                url=mark.url,
                outlet=source.outlet.name if source.outlet_id else "",
                title=source.title,
                day=source.published if source.published_precision != "unknown" else None,
                precision=source.published_precision,
                kept=mark.kept,
                verb=mention.reporting_verb,
                quote=mention.quote,
                row=f"{_name(*group)} and its copies" if group else NO_GROUP,
                copies=": ".join(filter(None, copies)) if copies else "",
            )
        )
    return result


def _plotly_text(text: str) -> str:
    """Article text made inert for plotly's hover labels (which read a few HTML tags)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _hover(mark: ChartMark, qualifier: str) -> str:
    when = mark.day.isoformat() if mark.day else "date unknown"
    if mark.day and mark.precision != "day":
        when += _label(mark.precision)
    verb = f"“{mark.verb}”" if mark.verb else "no reporting verb"
    hedge = f"kept “{qualifier}”" if mark.kept else f"dropped “{qualifier}”"
    quote = mark.quote if len(mark.quote) <= QUOTE_CHARS else mark.quote[:QUOTE_CHARS] + "…"
    lines = [f"<b>{_plotly_text(mark.outlet or 'Unknown outlet')}</b>", when]
    lines += [f"verb: {_plotly_text(verb)} · {hedge}", _plotly_text(f"“{quote}”")]
    if mark.copies:
        lines.append(_plotly_text(f"takes its text from {mark.copies}"))
    return "<br>".join(lines)


def mark_label(mark: ChartMark, qualifier: str) -> str:
    """What a screen reader says on a mark: "3. Wire Daily, 2026-05-01, “admitted”, dropped…"."""
    when = mark.day.isoformat() if mark.day else "date unknown"
    verb = f"“{mark.verb}”" if mark.verb else "no reporting verb"
    hedge = f"kept “{qualifier}”" if mark.kept else f"dropped “{qualifier}”"
    outlet = mark.outlet or "Unknown outlet"
    return f"{mark.order}. {outlet}, {when}, {verb}, {hedge}: open the sentence"


def story_figure(*, marks: list[ChartMark], qualifier: str, credit: str) -> dict:
    """Each article as a mark on a time axis, coloured (and shaped) by whether it kept the
    hedge, one row per copy group; undated articles in a panel of their own on the right.

    ``customdata`` holds each mark's link and its place in time order, which
    static/js/charts.js uses to make the marks links and to walk them with the keyboard.
    The credit is an annotation, so the PNG/SVG download carries it.
    """
    rows = [NO_GROUP] + list(dict.fromkeys(m.row for m in marks if m.row != NO_GROUP))
    row_of = {name: index for index, name in enumerate(rows)}
    dated = [m for m in marks if m.day]
    undated = [m for m in marks if not m.day]
    seen: dict = {}
    height: dict[int, float] = {}
    for mark in marks:
        key = (mark.row, mark.day) if mark.day else (mark.row, None)
        n = seen.get(key, 0)
        seen[key] = n + 1
        # Undated marks are spread along their own axis; dated ones stack on a shared day.
        height[mark.order] = row_of[mark.row] + (
            0 if not mark.day else (n % 5 - 2) * MARK_STACK_STEP if n else 0
        )
    position = {m.order: i + 1 for i, m in enumerate(undated)}
    fig = go.Figure()
    both = bool(dated and undated)
    share = min(max(len(undated) / max(len(marks), 1), 0.25), 0.6) if both else 0
    for kept in (True, False):
        name = f"Kept “{qualifier}”" if kept else f"Dropped “{qualifier}”"
        symbol = "circle" if kept else "diamond"
        colour = KEPT_COLOUR if kept else DROPPED_COLOUR
        for panel, items in (("x", dated), ("x2" if both else "x", undated)):
            chosen = [m for m in items if m.kept == kept]
            if not chosen:
                continue
            fig.add_scatter(
                name=name,
                legendgroup=name,
                showlegend=not any(t.legendgroup == name for t in fig.data),
                mode="markers",
                xaxis=panel,
                x=[f"{m.day.isoformat()} 12:00" if m.day else position[m.order] for m in chosen],
                y=[height[m.order] for m in chosen],
                marker={"symbol": symbol, "size": 13, "color": colour, "line": {"width": 1}},
                hovertext=[_hover(m, qualifier) for m in chosen],
                hoverinfo="text",
                customdata=[[m.url, m.order, mark_label(m, qualifier)] for m in chosen],
            )
    layout = {
        "template": "simple_white",
        "height": 260 + 36 * len(rows),
        "margin": {"l": 200, "r": 16, "t": 48, "b": 110},
        "title": {"text": f"Who kept “{qualifier}”, article by article", "x": 0, "y": 0.98},
        "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"},
        "yaxis": {
            "tickvals": list(range(len(rows))),
            "ticktext": [_plotly_text(r if len(r) <= 32 else r[:31] + "…") for r in rows],
            "range": [-0.6, len(rows) - 0.4],
            "zeroline": False,
        },
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1a1a1a"},
        "annotations": [
            {
                "text": _plotly_text(credit),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.32 if len(rows) < 4 else -0.2,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 11, "color": "#555"},
            }
        ],
    }
    date_axis = {"type": "date", "title": {"text": "Published"}, "tickformat": "%-d %b %Y"}
    if dated:
        # A day's mark sits at noon, a day's width from either edge; short spans tick daily.
        first, last = min(m.day for m in dated), max(m.day for m in dated)
        span = [(first - timedelta(days=1)).isoformat(), (last + timedelta(days=1)).isoformat()]
        date_axis["range"] = span
        if (last - first).days <= 14:
            date_axis["dtick"] = DAY_MS
    unknown_axis = {"title": {"text": "Date unknown"}, "showticklabels": False, "ticks": ""}
    if both:
        layout["xaxis"] = {**date_axis, "domain": [0, 0.96 - share]}
        layout["xaxis2"] = {**unknown_axis, "domain": [1 - share, 1], "anchor": "y"}
        layout["xaxis2"]["range"] = [0, len(undated) + 1]
    else:
        layout["xaxis"] = date_axis if dated else {**unknown_axis, "range": [0, len(undated) + 1]}
    fig.update_layout(**layout)
    return json.loads(fig.to_json())


def cached_story_figure(*, marks: list[ChartMark], qualifier: str, credit: str) -> dict:
    """``story_figure``, reused while its marks stay the same."""
    fingerprint = repr((marks, qualifier, credit))
    key = "story-figure:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    figure = cache.get(key)
    if figure is None:
        figure = story_figure(marks=marks, qualifier=qualifier, credit=credit)
        cache.set(key, figure, 24 * 3600)
    return figure
