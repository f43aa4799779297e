"""Thin views for downloads; the rows live in tables.py, the formats in writers.py.

A download either fails before its first byte or streams to the end: the view
reads the first rows itself (so a database that is down answers 503 with a
plain message, never 200 with a header row and a cut connection), then hands
the rest to a streaming response. XLSX streams too (see xlsx.py).
"""

import logging
from dataclasses import replace
from itertools import chain, islice

from django.db import DatabaseError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from sources.filters import parse_filters
from sources.opendata.claimreview import claim_review, reviewed_claims
from sources.opendata.scope import held_links_asked
from sources.opendata.tables import (
    FORMATS,
    HELD_LINK_TABLES,
    TABLES,
    build_export,
    export_filename,
)
from sources.opendata.writers import (
    CONTENT_TYPES,
    Export,
    csv_chunks,
    json_chunks,
    xlsx_chunks,
)

logger = logging.getLogger(__name__)

DATABASE_DOWN = (
    "The database did not answer, so nothing was exported (no partial file was sent). "
    "Please try again in a minute.\n"
)


def started(export: Export) -> Export:
    """``export`` with its first row already read: the table's query has run."""
    rows = iter(export.rows)
    first = list(islice(rows, 1))
    return replace(export, rows=chain(first, rows))


@require_safe
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """/export/<table>.<fmt>: the table under the page's filters, as a download."""
    if table not in TABLES or fmt not in FORMATS:
        raise Http404(f"No export {table}.{fmt}")
    # ``published=all`` (the links held for review) is a mentions filter only.
    held_ok = table in HELD_LINK_TABLES
    filters = parse_filters(request.GET, open_data=True, also=("published",) if held_ok else ())
    include_held, held_errors = held_links_asked(request.GET) if held_ok else (False, [])
    errors = [*filters.errors, *held_errors]
    if errors:
        return HttpResponseBadRequest("; ".join(errors), content_type="text/plain")
    try:
        base_url = request.build_absolute_uri("/")
        export = build_export(
            table=table, filters=filters, base_url=base_url, include_held=include_held
        )
        data = started(export)
    except DatabaseError:
        logger.exception("Export %s.%s failed before its first byte", table, fmt)
        return HttpResponse(DATABASE_DOWN, status=503, content_type="text/plain; charset=utf-8")
    # The file name says when the held links are in it, as it says every filter.
    named = f"{table}-published-all" if include_held else table
    filename = export_filename(table=named, fmt=fmt, filters=filters)
    if fmt == "xlsx":
        # A FileResponse over the zip as it is written: a download, streamed.
        response = FileResponse(xlsx_chunks(data), content_type=CONTENT_TYPES[fmt])
    else:
        chunks = csv_chunks(data) if fmt == "csv" else json_chunks(data)
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def claimreview_export(request: HttpRequest) -> JsonResponse:
    """/export/claimreview.json: the ClaimReview of every claim with a verdict."""
    base_url = request.build_absolute_uri("/")
    reviews = [claim_review(claim, base_url=base_url) for claim in reviewed_claims()]
    response = JsonResponse(reviews, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="claimreview.json"'
    return response
