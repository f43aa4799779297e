"""Exports (/export/...), ClaimReview, the read-only JSON API (/api/...) and Atom feeds.

URL names come in two styles: the API's are namespaced (``api:claim_list``), while
``export``, ``export_claimreview``, ``feed_sources`` and ``feed_verdicts`` are global.
They are public (templates and other sites reverse them), so they stay as they are.
"""

from django.urls import include, path, re_path, register_converter

from sources.opendata import api, api_reuse, downloads
from sources.opendata.feeds import SourcesFeed, VerdictsFeed


class _NameConverter:
    """A lowercase word: the table or format part of /export/<table>.<fmt>."""

    regex = "[a-z]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_NameConverter, "exportname")

api_patterns = [
    path("", api.index, name="index"),
    path("claims/", api.claim_list, name="claim_list"),
    path("claims/<slug:slug>/", api.claim_detail, name="claim_detail"),
    path("sources/", api.source_list, name="source_list"),
    path("sources/<int:pk>/", api.source_detail, name="source_detail"),
    path("mentions/", api.mention_list, name="mention_list"),
    path("mentions/<int:pk>/", api.mention_detail, name="mention_detail"),
    path("outlets/", api.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", api.outlet_detail, name="outlet_detail"),
    path("events/", api.event_list, name="event_list"),
    path("reuse/", api_reuse.reuse_list, name="reuse_list"),
    # Anything else under /api/ ending in a slash: a JSON 404. Paths without the slash
    # still get CommonMiddleware's redirect to it first (APPEND_SLASH), as before.
    re_path(r"^(?P<path>.*/)$", api.not_found),
]

urlpatterns = [
    path("export/claimreview.json", downloads.claimreview_export, name="export_claimreview"),
    path("export/<exportname:table>.<exportname:fmt>", downloads.export, name="export"),
    path("api/", include((api_patterns, "api"))),
    path("feeds/sources/", SourcesFeed(), name="feed_sources"),
    path("feeds/verdicts/", VerdictsFeed(), name="feed_verdicts"),
]
