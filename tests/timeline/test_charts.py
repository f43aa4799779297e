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
