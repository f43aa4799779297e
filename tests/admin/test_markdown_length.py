"""Markdown readers see rendered is refused at the desk when longer than a page shows
(form validation on the claim's explanation and the timeline's texts)."""

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_event
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_markdown_longer_than_a_page_shows_is_refused_on_the_claim_form(editor_client):
    claim = make_claim()
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    page = editor_client.get(url)
    response = editor_client.post(url, form_data(page, verdict_explanation="x" * 2_000_000))
    assert response.status_code == 200
    assert "Keep this under" in response.content.decode()


def test_markdown_length_on_the_timeline_forms(editor_client):
    event = make_event()
    url = reverse("admin:timeline_event_change", args=[event.pk])
    response = editor_client.post(
        url,
        {
            "slug": event.slug,
            "date": "2026-04-30",
            "date_precision": "day",
            "title": event.title,
            "description": "line\n" * 5000,
        },
    )
    assert response.status_code == 200
    assert "Keep this under" in response.content.decode()
