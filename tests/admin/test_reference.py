"""Outlets and entities at the desk: other names edited one per line."""

import pytest
from django.urls import reverse

from tests.factories import make_entity, make_outlet
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_outlet_aliases_are_edited_one_per_line_and_stored_as_a_list(editor_client):
    outlet = make_outlet(name="TechCrunch", aliases=["TechCrunch AI"])
    url = reverse("admin:sources_outlet_change", args=[outlet.pk])
    page = editor_client.get(url)
    assert "TechCrunch AI</textarea>" in page.content.decode()  # no JSON brackets to edit

    data = form_data(page, aliases="TechCrunch AI\n\n  TC Daily  \n")
    assert editor_client.post(url, data).status_code == 302
    outlet.refresh_from_db()
    assert outlet.aliases == ["TechCrunch AI", "TC Daily"]


def test_an_alias_given_twice_is_refused_and_named(editor_client):
    entity = make_entity("OpenAI")
    url = reverse("admin:sources_entity_change", args=[entity.pk])
    response = editor_client.post(
        url, form_data(editor_client.get(url), aliases="Open AI\nopen ai")
    )
    assert response.status_code == 200
    assert "“open ai” is listed twice." in response.content.decode()
    entity.refresh_from_db()
    assert entity.aliases == []
