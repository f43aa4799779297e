"""Stand-ins for the reader-page URL names, used only while sources/urls.py has none.

TEMPORARY: the exports link to pages ("sources:source_detail", ...) that the pages
helper is writing. tests/exports/conftest.py switches to this URLconf only when those
names do not resolve, so it is a no-op once the real pages land; then delete it.
"""

from django.http import HttpResponse
from django.urls import include, path


def v(request, *a, **k):
    return HttpResponse("stub")


sources_patterns = [
    path("sources/", v, name="source_list"),
    path("sources/<int:pk>/", v, name="source_detail"),
    path("claims/<slug:slug>/", v, name="claim_detail"),
    path("coverage/", v, name="coverage"),
    path("outlets/<slug:slug>/", v, name="outlet_detail"),
]
timeline_patterns = [path("", v, name="story"), path("timeline/", v, name="timeline")]
urlpatterns = [
    path("", include("sources.export_urls")),
    path("", include((sources_patterns, "sources"))),
    path("", include((timeline_patterns, "timeline"))),
]
