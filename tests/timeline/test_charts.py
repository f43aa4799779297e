from datetime import date
from types import SimpleNamespace

from timeline.charts import cached_timeline_figure, timeline_figure
from timeline.queries import DayCount


def test_figure_is_plain_json_with_both_series():
    events = [SimpleNamespace(slug="a", date=date(2026, 1, 1), date_precision="year", title="A")]
    days = [DayCount(day=date(2026, 5, 1), articles=2)]
    figure = timeline_figure(events=events, days=days)
    bars, markers = figure["data"]
    assert bars["type"] == "bar" and list(bars["y"]) == [2]
    assert markers["text"] == ["A (date known to the year)"]
    assert markers["customdata"] == ["a"]
    assert cached_timeline_figure(events=events, days=days) == figure


def test_events_on_the_same_day_are_drawn_apart():
    events = [
        SimpleNamespace(slug=slug, date=date(2026, 4, 30), date_precision="day", title=slug)
        for slug in ("first", "second")
    ] + [SimpleNamespace(slug="later", date=date(2026, 5, 5), date_precision="day", title="L")]
    figure = timeline_figure(events=events, days=[DayCount(day=date(2026, 5, 1), articles=3)])
    markers = figure["data"][1]
    points = list(zip(markers["x"], markers["y"], strict=True))
    assert len(set(points)) == 3  # no marker hides another
    assert markers["y"][0] == markers["y"][2] == 4  # one above the tallest bar
