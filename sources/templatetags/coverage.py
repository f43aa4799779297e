"""The coverage page's long lists: ``{% load coverage %}``.

``{% matrix_columns %}`` and ``{% matrix_rows %}`` write the matrix's header
cells and body, ``{% outlet_options %}`` the outlet filter's choices. A page
of the matrix has hundreds of cells (every claim by twelve articles), most of
them empty, and the filter lists every outlet. Looped over in the template,
each row and cell costs a few microseconds per tag and variable:
milliseconds a page, most of the page's time. Written here, each list costs
about what one template tag does. The markup is what the template would
write, every value escaped (``html.escape``, as Django's ``escape`` does,
without its per-call overhead).
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from sources.templatetags.pages import precise_date, stance_label

register = template.Library()

# An article that does not report the claim: a dash, and words for screen readers
# (the stylesheet hides the span, and on phones the whole cell).
NOT_REPORTED = '<td class="nr">–<span>not reported</span></td>'
# On phones a card lists only the articles that report its claim; this says there are none.
NONE_REPORTED = '<span class="row-none">None of these articles reports it.</span>'


@lru_cache(maxsize=4096)
def column_words(column, language: str) -> tuple[str, str, str]:
    """The column's article's title shortened, and its date only as precise as known
    ("1 May 2026", "May 2026"), both escaped, and its cells' label (below). Columns
    repeat down the rows and across requests, so each is worded once (per language:
    month names)."""
    day = precise_date(column.published, column.published_precision)
    title = Truncator(column.title).chars(48)
    return escape(title), escape(day), escape(f"{column.reporter}, {day}: {title}")


def cell_label(column, language: str) -> str:
    """ "Outlet, 1 May 2026: Title…", escaped: what names a cell's article when the matrix
    is drawn as cards on a phone (its data-label)."""
    return column_words(column, language)[2]


def _cell(cell, tracks_qualifier: bool, language: str) -> str:
    badges = "".join(
        f'<span class="stance stance-{escape(stance)}">{escape(stance_label(stance))}</span>'
        for stance in cell.stances
    )
    if not tracks_qualifier:
        hedge = ""
    elif cell.qualifiers:
        hedge = f'<span class="qualifier kept">kept “{escape("”, “".join(cell.qualifiers))}”</span>'
    else:
        hedge = '<span class="qualifier dropped">dropped the qualifier</span>'
    return (
        f'<td data-label="{cell_label(cell.column, language)}">'
        f'<a class="cell" href="{escape(cell.href)}">{badges}{hedge}'
        f'<span class="visually-hidden"> (see the quote in {escape(cell.column.reporter)})'
        "</span></a></td>"
    )


def _row(row, language: str) -> str:
    cells = "".join(
        NOT_REPORTED if cell is None else _cell(cell, row.tracks_qualifier, language)
        for cell in row.cells
    )
    return (
        f'<tr>\n<th scope="row" class="claim-col"><a href="{escape(row.url)}">'
        f"{escape(row.statement)}</a>\n"
        f'<span class="kind">{escape(row.kind_label)}</span>'
        f"{'' if row.reported else NONE_REPORTED}</th>\n{cells}\n</tr>\n"
    )


@register.simple_tag
def matrix_rows(rows) -> SafeString:
    """A ``<tr>`` per ``CoverageRow`` (sources/pages/queries/coverage.py): the claim as
    the row's header, then a cell per column: a link to the quote with its stances and
    qualifier, or "not reported"."""
    language = translation.get_language() or ""
    return mark_safe("".join(_row(row, language) for row in rows))


@register.simple_tag
def matrix_columns(columns) -> SafeString:
    """A ``<th>`` per ``Column``: its reporter linking to the article, whose full title
    screen readers hear, then the title shortened and the date."""
    language = translation.get_language() or ""
    cells = []
    for column in columns:
        title, day, _ = column_words(column, language)
        reporter = escape(column.reporter)
        cells.append(
            f'<th scope="col"><a href="{escape(column.url)}">{reporter}'
            f'<span class="visually-hidden">: {escape(column.title)}</span></a>\n'
            f'<span class="col-title" aria-hidden="true">{title}</span>\n'
            f'<span class="col-date">{day}</span></th>\n'
        )
    return mark_safe("".join(cells))


@register.simple_tag
def outlet_options(outlets, selected) -> SafeString:
    """An ``<option>`` per (slug, name) in ``outlets``, those in ``selected`` selected."""
    return mark_safe(
        "".join(
            f'<option value="{escape(slug)}"{" selected" if slug in selected else ""}>'
            f"{escape(name)}</option>\n"
            for slug, name in outlets
        )
    )
