"""Past versions in history: fact-checkers read them, only editors revert them."""

import re

import pytest
from django.urls import reverse

from sources.ingest.load import Document, ingest_documents
from sources.models import Claim
from tests.factories import make_claim, make_entity, make_event, make_outlet
from tests.helpers import form_data

pytestmark = pytest.mark.django_db

HEARING = b"""Musk concedes xAI leaned on OpenAI outputs

By Dana Whitfield

Asked under oath whether xAI had distilled OpenAI's models, Elon Musk answered: "Partly."

The exchange came during the second week of Musk v. Altman in federal court.
"""


def claim_with_a_past_version() -> tuple[Claim, str]:
    """A claim whose statement was changed, and the URL of its first version."""
    claim = make_claim(slug="partly-distilled", statement="Musk said xAI partly distilled.")
    original = claim.history.earliest()
    claim.statement = "Musk said xAI distilled."
    claim.save()
    url = reverse("admin:sources_claim_simple_history", args=[claim.pk, original.history_id])
    return claim, url


def test_fact_checker_reads_a_claims_past_version(fact_checker_client):
    claim, url = claim_with_a_past_version()

    page = fact_checker_client.get(url)

    assert page.status_code == 200
    content = page.content.decode()
    assert "Musk said xAI partly distilled." in content  # the old statement, shown
    assert 'value="Revert"' not in content
    assert 'name="statement"' not in content  # read-only, not an input


def test_fact_checker_cannot_revert_a_claim(fact_checker_client):
    claim, url = claim_with_a_past_version()
    data = {"slug": "partly-distilled", "statement": "Musk said xAI partly distilled."}

    assert fact_checker_client.post(url, data).status_code == 403

    claim.refresh_from_db()
    assert claim.statement == "Musk said xAI distilled."


def test_editor_reverts_a_claim_to_its_past_version(editor_client):
    claim, url = claim_with_a_past_version()
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'value="Revert"' in page.content.decode()

    response = editor_client.post(url, form_data(page))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Musk said xAI partly distilled."
    assert claim.history.first().history_user.username == "edna"


@pytest.mark.parametrize(
    ("factory", "url_name"),
    [
        (make_outlet, "admin:sources_outlet_simple_history"),
        (make_entity, "admin:sources_entity_simple_history"),
        (make_event, "admin:timeline_event_simple_history"),
    ],
)
def test_fact_checker_reads_past_versions_of_other_slugged_records(
    fact_checker_client, factory, url_name
):
    record = factory()
    version = record.history.earliest()

    page = fact_checker_client.get(reverse(url_name, args=[record.pk, version.history_id]))

    assert page.status_code == 200
    assert 'value="Revert"' not in page.content.decode()


def _history_rows(client, source) -> list[str]:
    """Each row of a source's history page as "summary | changed by"."""
    page = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    summaries = re.findall(r'<td class="history-summary">(.*?)</td>', html, re.S)
    actors = re.findall(r'<td class="history-actor">(.*?)</td>', html, re.S)
    return [
        f"{s.strip()} | {re.sub(r'<[^>]+>', '', a).strip()}"
        for s, a in zip(summaries, actors, strict=True)
    ]


def test_history_says_in_plain_words_which_person_or_machine_changed_what(editor_client):
    first = ingest_documents([Document(origin="hearing.txt", data=HEARING)], link=False)
    source = first.sources[0]
    changed = HEARING.replace(b"second week", b"2nd week")
    second = ingest_documents([Document(origin="hearing.txt", data=changed)], link=False)
    source.refresh_from_db()
    source.dek = "Set by a machine that names itself"
    source._change_reason = "load_story"
    source.save()
    del source._change_reason  # simple-history would reuse it on the next save
    source.dek = "Set by a machine that does not"
    source.save()
    url = reverse("admin:sources_source_change", args=[source.pk])
    editor_client.post(url, form_data(editor_client.get(url), title="Musk concedes, partly"))

    rows = _history_rows(editor_client, source)  # newest first
    assert rows[0] == "edna changed editor owned fields, title | edna"
    assert rows[1] == "Automatic process changed dek | Automatic process"
    assert rows[2] == "load_story changed dek | load_story"
    assert rows[3].startswith(f"Ingest run {second.run.pk} changed ")
    assert "body" in rows[3]
    assert rows[-1] == f"Ingest run {first.run.pk} created this source | Ingest run {first.run.pk}"
    assert not any("None" in row for row in rows)
