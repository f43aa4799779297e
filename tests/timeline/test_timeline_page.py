"""The timeline page (timeline/views.py, timeline/precomputed.py): its first reports cut to
the first few with a link to the claim's full list, its events and daily counts."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from sources.travel.first import first_reports
from tests.helpers import add_sources, text_of
from tests.pages.conftest import build_corpus
from timeline.precomputed import FIRST_REPORTS_SHOWN


@pytest.fixture
def corpus(db):
    cache.clear()
    yield build_corpus()
    cache.clear()


def text_of_html(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _first_section(html: str) -> str:
    return html.split('id="first-title"')[1].split("</section>")[0]


def test_many_first_reports_show_the_first_few_and_link_to_them_all(client, corpus):
    add_sources(corpus, 60)  # a dozen outlets more, and unattributed articles
    total = len(first_reports(corpus.hedged))
    assert total > FIRST_REPORTS_SHOWN
    section = _first_section(client.get(reverse("timeline:timeline")).content.decode())
    assert section.count("<li") == FIRST_REPORTS_SHOWN
    text = text_of_html(section)
    assert f"The first {FIRST_REPORTS_SHOWN} of the {total} outlets that reported" in text
    link = f'href="{corpus.hedged.get_absolute_url()}#first-title">All {total} outlets'
    assert link in section
    # The claim's page lists them all, under the heading the link points to, a page at a time.
    url, listed = corpus.hedged.get_absolute_url(), 0
    while url:
        section = _first_section(client.get(url).content.decode())
        listed += section.count("<li")
        following = re.search(r'<a rel="next" href="([^"#]+)#first-title"', section)
        url = corpus.hedged.get_absolute_url() + following.group(1) if following else None
    assert f"of {total}" in text_of_html(section)
    assert listed == total


def test_few_first_reports_are_all_shown_without_a_link(client, corpus):
    total = len(first_reports(corpus.hedged))
    section = _first_section(client.get(reverse("timeline:timeline")).content.decode())
    assert section.count("<li") == total <= FIRST_REPORTS_SHOWN
    assert "The outlets that reported" in text_of_html(section)
    assert "#first-title" not in section


def test_events_and_days_read_as_before(client, corpus):
    response = client.get(reverse("timeline:timeline"))
    html = response.content.decode()
    event = re.search(rf'<li id="event-{corpus.event.slug}">.*?</li>', html, re.S).group(0)
    assert f'href="{corpus.hedged.get_absolute_url()}"' in event  # its claim, linked
    assert '<div class="prose">' in event  # its description, as markdown
    day = corpus.kept.published
    assert f'<td><time datetime="{day:%Y-%m-%d}">{day.day} {day:%B %Y}</time></td>' in html
    assert "Articles per day" in text_of(response)
