"""Rules that take effect: saving a claim's matching rules re-links in the background, and
the claim's page says what the re-link added, removed and kept, by sentence."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sources import tasks
from sources.jobs import relink
from sources.linking import relink_all
from sources.models import Mention, TaskRun
from tests.admin.articles import BODY
from tests.factories import make_claim, make_mention, make_source
from tests.helpers import form_data
from tests.tasks.helpers import run_worker

pytestmark = pytest.mark.django_db

BENCHMARKS = "He said the company used “only public benchmarks” for testing."
DISTILLATION = "Musk was asked about distillation."
CRITICS = "Critics called the terms vague."


@pytest.fixture
def linked():
    """A source whose sentences two claims' rules find: one per claim, linked."""
    source = make_source(body=BODY, title="The hearing")
    edited = make_claim(slug="edited", match_rules={"patterns": [{"terms": [["benchmarks"]]}]})
    other = make_claim(slug="other", match_rules={"patterns": [{"terms": [["critics"]]}]})
    relink_all()
    return source, edited, other


def _save_rules(client, claim, rules: str, capture):
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    with capture(execute=True):
        response = client.post(url, form_data(client.get(url), match_rules=rules), follow=True)
    assert response.status_code == 200
    return response


def test_saving_rules_relinks_and_the_claim_page_lists_the_changes_by_sentence(
    editor_client, linked, immediate_tasks, django_capture_on_commit_callbacks
):
    source, edited, other = linked
    old = Mention.objects.get(claim=edited)
    assert old.sentence == BENCHMARKS
    others = set(other.mentions.values_list("pk", "start", "end"))

    response = _save_rules(
        editor_client,
        edited,
        '{"patterns": [{"terms": [["distillation"]]}]}',
        django_capture_on_commit_callbacks,
    )
    assert "take effect in the background" in response.content.decode()

    # The new rules took effect; the other claim's mention is exactly as it was.
    assert [m.sentence for m in edited.mentions.all()] == [DISTILLATION]
    assert set(other.mentions.values_list("pk", "start", "end")) == others
    run = TaskRun.objects.get(kind="relink", claim=edited)
    assert run.status == "done" and run.done == run.total == 1
    assert run.created_by.username == "edna"
    assert run.report["counts"] == {
        "added": 1,
        "removed": 1,
        "kept": 0,
        "moved": 0,
        "others_added": 0,
    }
    # Nothing deleted without being listed: the removed mention, with its sentence.
    [removed] = run.report["removed"]
    assert removed["mention"] == old.pk and removed["sentence"] == BENCHMARKS
    assert run.report["others_removed"] == []

    page = editor_client.get(reverse("admin:sources_claim_change", args=[edited.pk]))
    html = page.content.decode()
    assert "Last re-link" in html
    assert "1 added, 1 removed" in html
    assert "Removed (1)" in html and "Added (1)" in html
    assert "He said the company used <mark>“only public benchmarks”</mark> for testing." in html
    assert "<mark>Musk was asked about distillation.</mark>" in html
    assert 'hx-trigger="every 2s"' not in html  # finished: nothing left to poll


def test_reviewed_mentions_are_kept_and_listed_as_kept(
    editor_client, linked, immediate_tasks, django_capture_on_commit_callbacks
):
    source, edited, _ = linked
    Mention.objects.filter(claim=edited).update(reviewed=True)
    _save_rules(
        editor_client,
        edited,
        '{"patterns": [{"terms": [["vague"]]}]}',
        django_capture_on_commit_callbacks,
    )
    run = TaskRun.objects.get(claim=edited)
    assert run.report["counts"]["kept"] == 1 and run.report["counts"]["removed"] == 0
    assert [entry["sentence"] for entry in run.report["kept"]] == [BENCHMARKS]
    assert sorted(edited.mentions.values_list("sentence", flat=True)) == sorted(
        [BENCHMARKS, CRITICS]
    )


def test_saving_without_a_rule_change_enqueues_nothing(
    editor_client, linked, immediate_tasks, django_capture_on_commit_callbacks
):
    _, edited, _ = linked
    url = reverse("admin:sources_claim_change", args=[edited.pk])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, form_data(editor_client.get(url), statement="Reworded."))
    assert not TaskRun.objects.exists()


def test_the_database_backend_stores_the_task_and_its_worker_runs_it(
    editor_client, linked, django_capture_on_commit_callbacks
):
    _, edited, _ = linked
    before = list(edited.mentions.values_list("sentence", flat=True))
    _save_rules(
        editor_client,
        edited,
        '{"patterns": [{"terms": [["distillation"]]}]}',
        django_capture_on_commit_callbacks,
    )
    run = TaskRun.objects.get(claim=edited)
    stored = DBTaskResult.objects.get()
    assert stored.task_path == "sources.tasks.relink_claim"
    assert stored.args_kwargs == {"args": [run.pk], "kwargs": {}}
    assert run.task_id == str(stored.id)
    # Queued, not run: the request did not re-link, and the claim page says it waits.
    assert run.status == "queued"
    assert list(edited.mentions.values_list("sentence", flat=True)) == before
    page = editor_client.get(reverse("admin:sources_claim_change", args=[edited.pk]))
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert "Waiting for the worker" in page.content.decode()

    run_worker()

    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value["added"] == 1 and stored.return_value["removed"] == 1
    run.refresh_from_db()
    assert run.status == "done"
    assert [m.sentence for m in edited.mentions.all()] == [DISTILLATION]


def test_other_claims_mentions_that_go_are_listed_too():
    """A claim whose stored mention no longer matches its own rules loses it on any
    re-link; the report lists it under the other claims."""
    source = make_source(body=BODY)
    edited = make_claim(slug="edited", match_rules={"patterns": [{"terms": [["critics"]]}]})
    stale = make_claim(slug="stale", match_rules={"patterns": [{"terms": [["nothing-here"]]}]})
    gone = make_mention(claim=stale, source=source, quote=DISTILLATION, method="automatic")
    run = relink.create_run(edited)
    tasks.run_now(tasks.relink_claim, run)
    assert not Mention.objects.filter(pk=gone.pk).exists()
    [listed] = run.report["others_removed"]
    assert listed["claim"] == "stale" and listed["sentence"] == DISTILLATION


def test_a_claim_deleted_before_the_worker_runs_is_reported():
    claim = make_claim(match_rules={"patterns": [{"terms": [["critics"]]}]})
    run = relink.create_run(claim)
    claim.delete()
    tasks.run_now(tasks.relink_claim, run)
    assert run.status == "done" and "no longer exists" in run.report["summary"]
