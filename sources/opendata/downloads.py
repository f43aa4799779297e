"""Thin views for downloads; the rows live in tables.py, the formats in writers.py."""

from tempfile import SpooledTemporaryFile

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_safe

from sources.filters import parse_filters
from sources.opendata.claimreview import claim_review, reviewed_claims
from sources.opendata.tables import FORMATS, TABLES, build_export, export_filename
from sources.opendata.writers import CONTENT_TYPES, csv_chunks, json_chunks, write_xlsx

# XLSX is a zip and cannot be streamed while written; up to this size it stays
# in memory, beyond it the workbook goes to a temporary file.
XLSX_SPOOL_BYTES = 8 * 1024 * 1024


@require_safe
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """/export/<table>.<fmt>: the table under the page's filters, as a download."""
    if table not in TABLES or fmt not in FORMATS:
        raise Http404(f"No export {table}.{fmt}")
    filters = parse_filters(request.GET)
    if filters.errors:
        return HttpResponseBadRequest("; ".join(filters.errors), content_type="text/plain")
    data = build_export(table=table, filters=filters, base_url=request.build_absolute_uri("/"))
    filename = export_filename(table=table, fmt=fmt)
    if fmt == "xlsx":
        spool = SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
        write_xlsx(data, spool)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
        )
    chunks = csv_chunks(data) if fmt == "csv" else json_chunks(data)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def claimreview_export(request: HttpRequest) -> JsonResponse:
    """/export/claimreview.json: the ClaimReview of every claim with a verdict."""
    base_url = request.build_absolute_uri("/")
    reviews = [claim_review(claim, base_url=base_url) for claim in reviewed_claims()]
    response = JsonResponse(reviews, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="claimreview.json"'
    return response
