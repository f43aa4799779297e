"""Plotly figures for the timeline page, as JSON-ready dicts.

The page passes the dict through ``json_script`` and static/js/charts.js draws
it with ``Plotly.newPlot``: no inline script, so the CSP stays strict. Pure
functions of their inputs; no database access. Building a plotly figure costs
tens of milliseconds, so ``cached_timeline_figure`` keeps each one under a
hash of exactly the data it is drawn from.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta

import plotly.graph_objects as go
from django.core.cache import cache

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
