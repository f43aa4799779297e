from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse

# The header's sections, by the URL name each links to (and the names that mark it current).
NAV = (
    ("Story", "timeline:story", ("timeline:story",)),
    ("Coverage", "sources:coverage", ("sources:coverage",)),
    ("Compare", "sources:compare", ("sources:compare",)),
    ("Timeline", "timeline:timeline", ("timeline:timeline",)),
    ("Sources", "sources:source_list", ("sources:source_list", "sources:source_detail")),
    ("Outlets", "sources:outlet_list", ("sources:outlet_list", "sources:outlet_detail")),
)
# The footer's downloads: each table as CSV, JSON and Excel.
FOOTER_EXPORTS = (
    ("claims", "Claims and verdicts"),
    ("mentions", "Every quote (mentions)"),
    ("sources", "Articles (sources)"),
    ("coverage", "Coverage matrix"),
    ("events", "Timeline events"),
)
EXPORT_FORMATS = (("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel"))


@lru_cache(maxsize=8)
def site_links(script_prefix: str) -> dict:
    """Every URL the header and footer link to, reversed once per process (and script
    prefix, which reverse() prepends). As ``{% url %}`` tags these were ~50 reverse()
    calls, about 2 ms of every page rendered; the URLconf never changes while we run."""
    return {
        "nav": [(label, reverse(name), current) for label, name, current in NAV],
        "exports": [
            (
                label,
                [
                    (fmt_label, reverse("export", args=[table, fmt]))
                    for fmt, fmt_label in EXPORT_FORMATS
                ],
            )
            for table, label in FOOTER_EXPORTS
        ],
        **{
            name.replace(":", "_"): reverse(name)
            for name in (
                "timeline:story",
                "sources:search",
                "feed_sources",
                "feed_verdicts",
                "export_claimreview",
                "api:index",
            )
        },
    }


def site(request):
    """Site-wide names every page template uses for titles and share tags, and the links
    of its header and footer."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_links": site_links(get_script_prefix()),
    }
