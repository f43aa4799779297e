"""Print each reader page's median response time and query count against the current DB."""

from django.core.management.base import BaseCommand

from sources.bench.http_paths import http_bench_paths
from sources.bench.pages import bench_pages


class Command(BaseCommand):
    help = "Time every reader page (median of --runs requests) against the current database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--budget-ms", type=float, default=100.0)
        parser.add_argument(
            "--http-paths",
            action="store_true",
            help="Only print the paths bench/pages-http.sh measures over HTTP, one a line.",
        )

    def handle(self, *args, runs, budget_ms, http_paths, **options):
        if http_paths:
            self.stdout.write("\n".join(http_bench_paths()))
            return
        timings = bench_pages(runs=runs)
        self.stdout.write(f"{'page':<24} {'median ms':>9} {'max ms':>7} {'queries':>7}  url")
        slow = 0
        for t in timings:
            flag = "" if t.median_ms < budget_ms and t.status == 200 else "  <-- over budget"
            if t.status != 200:
                flag = f"  <-- HTTP {t.status}"
            slow += bool(flag)
            self.stdout.write(
                f"{t.name:<24} {t.median_ms:>9.1f} {t.max_ms:>7.1f} {t.queries:>7}  {t.url}{flag}"
            )
        summary = f"{len(timings) - slow} of {len(timings)} pages under {budget_ms:.0f} ms."
        self.stdout.write(self.style.WARNING(summary) if slow else self.style.SUCCESS(summary))
