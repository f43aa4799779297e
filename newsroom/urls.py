from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sources.opendata.urls")),
    path("", include("sources.pages.urls")),
    path("", include("timeline.urls")),
]
