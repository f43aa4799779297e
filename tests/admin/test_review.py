"""Review provenance in the desk's tables, "mark all reviewed" asking first, and a
fact-checker reviewing mentions on the article page where they read it."""

import pytest
from django.test import Client
from django.urls import reverse

from sources.editorial import mark_mentions_reviewed
from sources.models import Mention
from tests.admin.articles import BODY
from tests.factories import make_mention, make_source

pytestmark = pytest.mark.django_db


def two_mentions():
    source = make_source(body=BODY, title="Cross-examination day")
    first = make_mention(source=source, quote="49 points", confidence=0.75)
    second = make_mention(source=source, quote="called the terms vague", edited=True)
    return source, first, second


def test_the_mention_list_says_who_found_and_who_reviewed_each_row(editor_client, editor):
    _, first, second = two_mentions()
    mark_mentions_reviewed(mentions=Mention.objects.filter(pk=first.pk), by=editor)
    content = editor_client.get(reverse("admin:sources_mention_changelist")).content.decode()
    assert "automatic · 0.75" in content
    assert "reviewed by edna" in content
    assert "automatic, edited" in content and "not reviewed" in content


def test_the_source_pages_inline_and_the_mention_page_show_provenance(editor_client, editor):
    source, first, _ = two_mentions()
    mark_mentions_reviewed(mentions=Mention.objects.filter(pk=first.pk), by=editor)
    content = editor_client.get(
        reverse("admin:sources_source_change", args=[source.pk])
    ).content.decode()
    assert "reviewed by edna" in content and "automatic, edited" in content
    page = editor_client.get(reverse("admin:sources_mention_change", args=[first.pk]))
    text = page.content.decode()
    assert "Provenance" in text and "0.75" in text and "edna" in text


def test_mark_all_reviewed_asks_first_and_says_how_many(fact_checker_client, fact_checker):
    source, first, _ = two_mentions()
    url = reverse("admin:sources_source_review_all", args=[source.pk])
    page = fact_checker_client.get(url)
    assert page.status_code == 200
    assert "This marks <strong>2 mentions</strong>" in page.content.decode()
    assert not Mention.objects.filter(reviewed=True).exists()  # asking wrote nothing

    response = fact_checker_client.post(url, {"confirm": "yes"}, follow=True)
    assert "2 mentions marked reviewed by you." in response.content.decode()
    assert set(Mention.objects.values_list("reviewed_by", flat=True)) == {fact_checker.pk}


def test_the_source_list_action_asks_first_too(editor_client, editor):
    source, *_ = two_mentions()
    changelist = reverse("admin:sources_source_changelist")
    data = {"action": "mark_all_reviewed", "_selected_action": [source.pk]}
    page = editor_client.post(changelist, data)
    assert page.status_code == 200
    assert "Mark all mentions reviewed?" in page.content.decode()
    assert not Mention.objects.filter(reviewed=True).exists()

    editor_client.post(changelist, {**data, "confirm": "yes"})
    assert Mention.objects.filter(reviewed=True, reviewed_by=editor).count() == 2


def test_a_fact_checker_reviews_a_mention_on_the_article_page(fact_checker_client, fact_checker):
    source, first, _ = two_mentions()
    page = fact_checker_client.get(source.get_absolute_url())
    content = page.content.decode()
    review_url = reverse("admin:sources_mention_review", args=[first.pk])
    assert f'action="{review_url}"' in content and "csrfmiddlewaretoken" in content

    back = f"{source.get_absolute_url()}#review-{first.pk}"
    response = fact_checker_client.post(review_url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    first.refresh_from_db()
    assert first.reviewed and first.reviewed_by == fact_checker and first.reviewed_at
    again = fact_checker_client.get(source.get_absolute_url()).content.decode()
    assert f'action="{review_url}"' not in again and "reviewed" in again


def test_review_from_the_page_needs_a_reviewer_and_a_csrf_token(fact_checker, staff_client):
    source, first, _ = two_mentions()
    review_url = reverse("admin:sources_mention_review", args=[first.pk])
    anonymous = Client().get(source.get_absolute_url()).content.decode()
    assert review_url not in anonymous and "Mark reviewed" not in anonymous
    assert staff_client.post(review_url).status_code == 403  # staff without the right

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(fact_checker)
    assert strict.post(review_url).status_code == 403
    assert strict.get(review_url).status_code == 405
    first.refresh_from_db()
    assert not first.reviewed


def test_review_goes_back_only_to_this_site(fact_checker_client):
    _, first, _ = two_mentions()
    response = fact_checker_client.post(
        reverse("admin:sources_mention_review", args=[first.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == first.get_absolute_url()
