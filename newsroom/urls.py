from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sources.export_urls")),
    path("", include("sources.urls")),
    path("", include("timeline.urls")),
]
