"""Write an export table (the fact-checkers' mentions table by default) to stdout or a file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from sources.filters import parse_filters
from sources.opendata.tables import FORMATS, TABLES, build_export
from sources.opendata.writers import write_export

FILTER_OPTIONS = {
    "kind": "claim kind",
    "outlet": "outlet slug",
    "stance": "supports, disputes or mentions",
    "claim": "claim slug",
    "source": "source id",
    "verdict": "claim verdict, or none",
    "method": "how a mention was linked",
}


class Command(BaseCommand):
    help = (
        "Export a table (mentions, claims, sources, coverage, events) as CSV, JSON or XLSX: "
        "the same rows as /export/<table>.<format>. Read-only; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--table", choices=sorted(TABLES), default="mentions")
        parser.add_argument("--output", type=Path, help="File to write (default: stdout).")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Site address for the links in each row (default: SITE_URL).",
        )
        for name, what in FILTER_OPTIONS.items():
            parser.add_argument(f"--{name}", action="append", default=[], help=f"{what} (repeat)")
        parser.add_argument("--published-after", help="ISO date")
        parser.add_argument("--published-before", help="ISO date")
        parser.add_argument("--reviewed", choices=("true", "false"), help="reviewed mentions")
        parser.add_argument("--q", help="words to search for (as the site's search)")

    def handle(self, *args, format: str, table: str, output: Path | None, base_url: str, **opts):
        # Through a QueryDict, so the command reads filters exactly as the web export does.
        query = QueryDict(mutable=True)
        for name in FILTER_OPTIONS:
            query.setlist(name, opts[name])
        for name in ("published_after", "published_before", "reviewed", "q"):
            if opts[name]:
                query[name] = opts[name]
        filters = parse_filters(query, open_data=True)
        if filters.errors:
            raise CommandError("; ".join(filters.errors))
        if format == "xlsx" and output is None:
            raise CommandError("XLSX is binary: give --output FILE.")

        export = build_export(table=table, filters=filters, base_url=base_url)
        if output is None:
            self.stdout.ending = ""  # chunks are written as they are, no newline added
            write_export(export, fmt=format, file=self.stdout)
            return
        mode = "wb" if format == "xlsx" else "w"
        newline = {} if format == "xlsx" else {"encoding": "utf-8", "newline": ""}
        with output.open(mode, **newline) as file:
            write_export(export, fmt=format, file=file)
        self.stderr.write(f"Wrote {table} as {format} to {output}")
