from django.urls import path

from timeline import views

app_name = "timeline"

urlpatterns = [
    path("", views.story, name="story"),
    path("story/chart.json", views.story_figure, name="story_figure"),
    path("story/chart/", views.story_chart, name="story_chart"),
    path("timeline/", views.timeline, name="timeline"),
]
