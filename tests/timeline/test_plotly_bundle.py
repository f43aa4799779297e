"""The chart pages' plotly.js: the small basic bundle, in step with the plotly package."""

import gzip
import json
import re
from datetime import date
from types import SimpleNamespace

from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.template import Context, Template

from newsroom import staticfinders
from newsroom.staticfinders import (
    PLOTLY_BUNDLE,
    PlotlyFinder,
    package_plotly_js_version,
    vendor_plotly_js_version,
)
from timeline.charts import timeline_figure
from timeline.queries import DayCount

BUNDLE = staticfinders.vendor_dir() / "plotly.min.js"


def test_the_committed_bundle_is_the_plotly_js_the_package_draws_with():
    package_version = package_plotly_js_version()
    assert package_version and re.fullmatch(r"\d+\.\d+\.\d+", package_version)
    assert vendor_plotly_js_version() == package_version
    npm = json.loads((BUNDLE.parent / "package.json").read_text())
    assert npm == {**npm, "name": "plotly.js-basic-dist-min", "version": package_version}


def test_the_bundle_is_under_500_kb_gzipped():
    data = BUNDLE.read_bytes()
    assert len(gzip.compress(data, compresslevel=9)) < 500 * 1024
    assert len(data) < 2 * 1024 * 1024  # the full bundle is 4.8 MB


def test_the_bundle_draws_every_trace_type_the_timeline_uses():
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text()))
    assert registered == {"bar", "pie", "scatter"}
    events = [SimpleNamespace(slug="a", date=date(2026, 5, 1), date_precision="day", title="A")]
    figure = timeline_figure(events=events, days=[DayCount(day=date(2026, 5, 1), articles=2)])
    assert {trace["type"] for trace in figure["data"]} <= registered


def test_the_static_path_finds_the_basic_bundle_and_never_the_full_one():
    assert finders.find(PLOTLY_BUNDLE) == str(BUNDLE)
    assert finders.find("vendor/plotly/plotly.min.js") is None


def test_the_tag_writes_the_one_bundle_path_with_the_nonce():
    html = Template("{% load newsroom %}{% plotly_script %}").render(
        Context({"csp_nonce": "abc123"})
    )
    assert html == f'<script src="/static/{PLOTLY_BUNDLE}" defer nonce="abc123"></script>'


def test_the_check_reports_a_bundle_left_behind_by_a_plotly_upgrade(monkeypatch):
    assert PlotlyFinder().check() == []
    monkeypatch.setattr(staticfinders, "package_plotly_js_version", lambda: "99.0.0")
    (error,) = PlotlyFinder().check()
    assert error.id == "newsroom.E002"
    assert "plotly.js-basic-dist-min@99.0.0" in error.hint


def test_manage_py_check_runs_the_bundle_check(monkeypatch):
    assert [e.id for e in run_checks(tags=["staticfiles"])] == []
    monkeypatch.setattr(staticfinders, "package_plotly_js_version", lambda: "99.0.0")
    assert "newsroom.E002" in [e.id for e in run_checks(tags=["staticfiles"])]
