"""The reader pages the HTTP benchmark measures (bench/pages-http.sh), picked from the data.

The issue's list: story, coverage, the claim page of the most-quoted claim,
sources, the source with most mentions, outlets, the largest outlet,
compare, timeline, a search and the claims API. Reads only; builds no HTML.
"""

from django.db.models import Count
from django.urls import reverse

from sources.models import Claim, Mention, Outlet, Source


def http_bench_paths() -> list[str]:
    """URL paths (query strings included) of every measured page, busiest objects first."""
    paths = [reverse("timeline:story"), reverse("sources:coverage")]
    claim = Claim.objects.annotate(n=Count("mentions")).order_by("-n", "pk").only("slug").first()
    if claim:
        paths.append(claim.get_absolute_url())
    paths.append(reverse("sources:source_list"))
    busiest = Mention.objects.values("source_id").annotate(n=Count("id")).order_by("-n").first()
    source = Source.objects.filter(pk=busiest["source_id"]).first() if busiest else None
    if source:
        paths.append(source.get_absolute_url())
    paths.append(reverse("sources:outlet_list"))
    outlet = Outlet.objects.annotate(n=Count("sources")).order_by("-n", "pk").first()
    if outlet:
        paths.append(outlet.get_absolute_url())
    paths += [
        reverse("sources:compare"),
        reverse("timeline:timeline"),
        reverse("sources:search") + "?q=OpenAI+models",
        reverse("api:claim_list"),
    ]
    return paths
