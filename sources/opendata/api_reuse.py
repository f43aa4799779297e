"""``/api/reuse/``: the reuse pairs (issue 16 §6), as the ``reuse`` export lists them.

A thin view over reuse.py's query and columns: one page of values() rows, each
with both sources' pages and the side-by-side page. Never writes.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest

from sources.opendata.api import _filters, _links, api_view, paginate
from sources.opendata.links import Links
from sources.opendata.reuse import REUSE, reuse_pairs


@api_view
def reuse_list(request: HttpRequest) -> dict[str, Any]:
    """Pairs of sources sharing passages (not dismissed), most shared words first."""
    filters, links = _filters(request), _links(request)
    return paginate(request, REUSE.values(reuse_pairs(filters)), lambda r: _row(r, links))


def _row(record: tuple, links: Links) -> dict[str, Any]:
    """One pair, dates written as the rest of the API and the exports write them."""
    row = REUSE.row(record, links)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
