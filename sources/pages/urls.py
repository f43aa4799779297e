from django.urls import path

from sources.pages import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sources/<int:pk>/reuse/<int:other>/", views.reuse_pair, name="reuse_pair"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim_detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("compare/", views.compare, name="compare"),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet_detail"),
    path("search/", views.search, name="search"),
]
