"""The story chart's data, computed once per data version (sources/pages/queries/memo.py).

At 10,000 sources the chart holds hundreds of marks: its figure is a couple of hundred
kilobytes and the table of every mark as long again. So the front page carries neither
in full. The figure is a document of its own (``/story/chart.json``, fetched by
static/js/charts.js, cached by the page cache like any timeline page); the page lists the
first ``MARKS_PER_PAGE`` marks and links to ``/story/chart/``, every mark a page at a time,
so a reader without JavaScript or with a screen reader still reaches each sentence.

Everything here comes from ``story_marks`` (three queries) once per data version; after
that each part is one small memo read, and no query. No writes; the only markup is each
row's ``<time>`` element (``time_tag``), so the table's template just prints the rows.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from sources.models import Claim
from sources.pages.queries.memo import per_version
from sources.pages.queries.travel import story_marks
from sources.templatetags.pages import time_tag
from timeline import charts

MARKS_PER_PAGE = 50


@dataclass(frozen=True)
class ChartHead:
    """What the chart's captions say: the claim, its hedge and how many articles it has."""

    claim_statement: str
    claim_url: str
    qualifier: str
    total: int


@dataclass(frozen=True)
class MarkRow:
    """One mark as a row of the chart's table, its cells worded once (a page of them is
    read per request, so the template only prints them)."""

    order: int
    url: str  # the sentence
    published: SafeString | str  # a <time> element, or "date unknown"
    outlet: str
    verb: str
    hedge: str  # "kept" or "dropped"
    quote: str  # cut to QUOTE_CHARS
    group: str  # what it copies, its copy group, or "—"


QUOTE_CHARS = 120


def mark_row(mark: charts.ChartMark) -> MarkRow:
    if mark.copies:
        group = f"takes its text from {mark.copies}"
    else:
        group = mark.row if mark.row != charts.NO_GROUP else "—"
    return MarkRow(
        order=mark.order,
        url=mark.url,
        published=time_tag(mark.day, mark.precision) if mark.day else "date unknown",
        outlet=mark.outlet or "Unknown outlet",
        verb=mark.verb or "—",
        hedge="kept" if mark.kept else "dropped",
        quote=Truncator(mark.quote).chars(QUOTE_CHARS),
        group=group,
    )


@dataclass(frozen=True)
class _ChartData:
    head: ChartHead
    marks: list[charts.ChartMark]  # every mark, in time order


def _chart_data(claim: Claim) -> _ChartData:
    tracked = story_marks(claim)
    marks = charts.chart_marks(tracked)
    head = ChartHead(
        claim_statement=claim.statement,
        claim_url=claim.get_absolute_url(),
        qualifier=tracked.qualifier,
        total=len(marks),
    )
    return _ChartData(head=head, marks=marks)


class StoryChart:
    """The chart of ``claim``, for one request: each part is read from its memo; the marks
    behind them are computed at most once (three queries), whichever parts are asked for.
    """

    def __init__(self, claim: Claim):
        self.claim = claim

    @cached_property
    def _data(self) -> _ChartData:
        # Every mark (hundreds of small records): read only to build the smaller memos below.
        return per_version(f"story-chart-marks:{self.claim.pk}", lambda: _chart_data(self.claim))

    @cached_property
    def head(self) -> ChartHead:
        """The claim, hedge and number of marks."""
        return per_version(f"story-chart-head:{self.claim.pk}", lambda: self._data.head)

    def figure_json(self) -> bytes | None:
        """The chart's plotly figure as a JSON document, or None when no article reports
        the claim. The credit inside it (so a downloaded image carries it) names the site."""

        def build() -> bytes | None:
            data = self._data
            if not data.marks:
                return None
            credit = (
                f"Chart: {settings.SITE_NAME} ({settings.SITE_URL}). {data.head.total} "
                f"articles reporting the claim; each links to its sentence."
            )
            figure = charts.cached_story_figure(
                marks=data.marks, qualifier=data.head.qualifier, credit=credit
            )
            return json.dumps(figure, ensure_ascii=False, separators=(",", ":")).encode()

        # The credit names SITE_URL, which `publish --site-url` overrides: part of the key.
        site = hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:12]
        return per_version(f"story-chart-figure:{self.claim.pk}:{site}", build)

    def marks_page(self, number: object = 1) -> Page:
        """One page of the marks as table rows (``MarkRow``, ``MARKS_PER_PAGE``, in time
        order; a bad or too large ``number`` gives a valid page, as on every paged list).
        Its paginator counts every mark."""
        paginator = Paginator(range(self.head.total), MARKS_PER_PAGE)
        page = paginator.get_page(number)
        start, end = page.start_index() - 1, page.end_index()
        rows = per_version(
            f"story-chart-rows:{self.claim.pk}:{page.number}",
            lambda: [mark_row(mark) for mark in self._data.marks[start:end]],
        )
        return Page(rows, page.number, paginator)
