"""The story chart's figure (timeline/charts.py): pure, no database."""

from datetime import date

from timeline.charts import NO_GROUP, ChartMark, cached_story_figure, mark_label, story_figure


def _mark(order, *, day=date(2026, 5, 1), kept=True, row=NO_GROUP, outlet="Wire", **extra):
    return ChartMark(
        order=order,
        url=f"/sources/{order}/#mention-{order}",
        outlet=outlet,
        title=f"Article {order}",
        day=day,
        precision="day" if day else "unknown",
        kept=kept,
        verb=extra.get("verb", "said"),
        quote=extra.get("quote", "xAI partly used OpenAI models"),
        row=row,
        copies=extra.get("copies", ""),
    )


def test_marks_carry_their_links_in_time_order_and_the_credit_is_in_the_figure():
    marks = [_mark(1), _mark(2, kept=False, verb="admitted"), _mark(3, day=None)]
    figure = story_figure(marks=marks, qualifier="partly", credit="Chart: Partly (example.org)")
    points = sorted(c for trace in figure["data"] for c in trace["customdata"])
    assert [p[:2] for p in points] == [[m.url, m.order] for m in marks]
    assert points[1][2] == "2. Wire, 2026-05-01, “admitted”, dropped “partly”: open the sentence"
    assert figure["layout"]["annotations"][0]["text"] == "Chart: Partly (example.org)"
    # The undated article has a panel of its own beside the time axis.
    assert "xaxis2" in figure["layout"]
    assert {t.get("xaxis", "x") for t in figure["data"]} == {"x", "x2"}
    assert (
        cached_story_figure(marks=marks, qualifier="partly", credit="Chart: Partly (example.org)")
        == figure
    )


def test_kept_and_dropped_differ_in_colour_and_shape_with_one_legend_entry_each():
    marks = [_mark(1), _mark(2, kept=False), _mark(3, day=None), _mark(4, day=None, kept=False)]
    figure = story_figure(marks=marks, qualifier="partly", credit="c")
    shown = [t["name"] for t in figure["data"] if t.get("showlegend", True)]
    assert shown == ["Kept “partly”", "Dropped “partly”"]
    styles = {t["name"]: (t["marker"]["symbol"], t["marker"]["color"]) for t in figure["data"]}
    assert len(set(styles.values())) == 2


def test_copy_groups_are_rows_and_same_day_marks_do_not_hide_each_other():
    row = "Origin and its copies"
    marks = [_mark(1, row=row), _mark(2, row=row, copies="Origin: A"), _mark(3)]
    figure = story_figure(marks=marks, qualifier="partly", credit="c")
    assert figure["layout"]["yaxis"]["ticktext"] == [NO_GROUP, row]
    (trace,) = figure["data"]
    positions = list(zip(trace["x"], trace["y"], strict=True))
    assert len(set(positions)) == 3
    assert "takes its text from Origin: A" in trace["hovertext"][1]


def test_hover_text_is_inert():
    marks = [_mark(1, outlet="<script>x</script>", quote="a <b>bold</b> & quote")]
    (trace,) = story_figure(marks=marks, qualifier="partly", credit="c")["data"]
    assert "&lt;script&gt;" in trace["hovertext"][0] and "<script>" not in trace["hovertext"][0]
    assert "a &lt;b&gt;bold&lt;/b&gt; &amp; quote" in trace["hovertext"][0]
    assert mark_label(marks[0], "partly").startswith("1. <script>x</script>, 2026-05-01")
