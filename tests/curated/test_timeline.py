"""load_timeline: events and the story from fixtures/, idempotent, editors' edits kept."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_claim, make_source
from tests.helpers import FIXTURES_DIR
from timeline.curated import TimelineDataError, load_timeline, parse_story
from timeline.models import Event, Story

EVENTS = """
[[event]]
slug = "testimony"
date = 2026-04-30
title = "Musk testifies"
description = "He said *partly*."
claims = ["said-partly", "no-such-claim"]
sources = ["a.txt"]

[[event]]
slug = "context"
date = 2026-01-01
precision = "year"
title = "Earlier context"
"""

STORY = """+++
headline = "The headline"
summary = "The summary."
+++

Body **markdown**.
"""


@pytest.fixture
def fixtures(tmp_path: Path) -> Path:
    (tmp_path / "events.toml").write_text(EVENTS)
    (tmp_path / "story.md").write_text(STORY)
    return tmp_path


def test_loads_events_with_their_claims_and_sources(db, fixtures):
    claim = make_claim(slug="said-partly")
    source = make_source(origin="a.txt")
    result = load_timeline(fixtures)
    assert result["events_created"] == 2
    assert result["missing_references"] == ["testimony: claim no-such-claim"]
    event = Event.objects.get(slug="testimony")
    assert event.date == date(2026, 4, 30) and event.date_precision == "day"
    assert list(event.claims.all()) == [claim]
    assert list(event.sources.all()) == [source]
    assert Event.objects.get(slug="context").date_precision == "year"
    story = Story.objects.get()
    assert (story.headline, story.summary, story.body) == (
        "The headline",
        "The summary.",
        "Body **markdown**.",
    )


def test_rerunning_changes_nothing_and_edits_in_the_file_update(db, fixtures):
    load_timeline(fixtures)
    again = load_timeline(fixtures)
    assert (again["events_created"], again["events_updated"], again["events_unchanged"]) == (
        0,
        0,
        2,
    )
    assert again["story"] == "unchanged"
    (fixtures / "events.toml").write_text(EVENTS.replace("Musk testifies", "Musk takes the stand"))
    changed = load_timeline(fixtures)
    assert changed["events_updated"] == 1
    assert Event.objects.get(slug="testimony").title == "Musk takes the stand"


def test_an_editors_changes_are_kept(db, fixtures):
    load_timeline(fixtures)
    editor = get_user_model().objects.create_user("editor")
    event = Event.objects.get(slug="testimony")
    event.title = "Edited by hand"
    event._history_user = editor
    event.save()
    story = Story.objects.get()
    story.headline = "Editor's headline"
    story._history_user = editor
    story.save()
    result = load_timeline(fixtures)
    assert result["events_kept_for_editor"] == 1
    assert result["story"] == "kept for editor"
    assert Event.objects.get(slug="testimony").title == "Edited by hand"
    assert Story.objects.get().headline == "Editor's headline"


def test_bad_files_name_the_problem(db, tmp_path):
    (tmp_path / "events.toml").write_text('[[event]]\nslug = "x"\ndate = "April"\ntitle = "t"\n')
    with pytest.raises(TimelineDataError, match="event 1: date"):
        load_timeline(tmp_path)
    with pytest.raises(TimelineDataError, match="never closed"):
        parse_story("+++\nheadline = 'x'\n")


def test_story_without_front_matter_takes_its_heading(db):
    assert parse_story("# A title\n\nText.") == {
        "headline": "A title",
        "summary": "",
        "body": "Text.",
    }


def test_the_real_fixtures_load(db):
    result = load_timeline(FIXTURES_DIR)
    assert result["events_created"] >= 5
    assert Story.objects.get().headline
    dates = set(Event.objects.values_list("date", flat=True))
    assert {date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 5)} <= dates
