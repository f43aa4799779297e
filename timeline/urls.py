from django.urls import path

from timeline import views

app_name = "timeline"

urlpatterns = [
    path("", views.story, name="story"),
    path("timeline/", views.timeline, name="timeline"),
]
