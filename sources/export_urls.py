from django.urls import path  # noqa: F401

# Exports (/export/...), the JSON API (/api/...) and feeds (/feeds/...).
urlpatterns: list = []
