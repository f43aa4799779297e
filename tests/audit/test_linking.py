"""evaluate_linking: scores the linker on labelled articles, in a scratch database.

The articles are written here (never the development set's sentences)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sources.audit.linking import canonical_qualifier
from sources.models import Claim, Source

pytestmark = pytest.mark.django_db

ARTICLES = {
    "a.txt": "Court day\n\nTaking the stand, Elon Musk said xAI partly used OpenAI models to "
    "train Grok, a witness account says.\n",
    "b.txt": "Trial notes\n\nMusk told jurors that xAI used OpenAI models to train Grok. "
    "Analysts were partly persuaded by the rest of his testimony.\n",
    "c.txt": "Chip news\n\nA chipmaker reported strong quarterly sales on Tuesday, and its "
    "shares rose in early trading.\n",
}
GOLD = [
    {"file": "a.txt", "outlet": "A", "reports_admission": True, "qualifier": "partly",
     "admission_quote": "x", "claims": {"xai-distilled-openai": "supports"}},
    {"file": "b.txt", "outlet": "B", "reports_admission": True, "qualifier": None,
     "admission_quote": "y", "claims": {"xai-distilled-openai": "supports"}},
    {"file": "c.txt", "outlet": "C", "reports_admission": True, "qualifier": None,
     "admission_quote": "The chipmaker's line stands in for a missed admission.",
     "claims": {"xai-distilled-openai": "supports"}},
]  # fmt: skip


@pytest.fixture
def labelled(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    return gold, folder


def test_the_report_scores_each_claim_and_lists_the_misses(labelled):
    out = StringIO()
    call_command("evaluate_linking", *map(str, labelled), stdout=out)
    text = out.getvalue()
    row = next(line for line in text.splitlines() if line.startswith("xai-distilled-openai "))
    assert row.split()[1:6] == ["3", "2", "2", "0.667", "1.000"]
    assert "Qualifier of xai-distilled-openai: 2/3 right" in text
    assert "xai-distilled-openai miss: c.txt" in text
    assert "    The chipmaker's line stands in for a missed admission." in text


def test_the_scratch_database_leaves_the_real_one_alone(labelled):
    Claim.objects.create(slug="real-claim", statement="Kept.", kind="quote")
    call_command("evaluate_linking", *map(str, labelled), stdout=StringIO())
    assert not Source.objects.exists()
    assert list(Claim.objects.values_list("slug", flat=True)) == ["real-claim"]


def test_json_output_and_thresholds(labelled):
    out = StringIO()
    with pytest.raises(CommandError, match="recall 0.667 < 0.9") as raised:
        call_command(
            "evaluate_linking",
            *map(str, labelled),
            "--format",
            "json",
            "--min-recall",
            "0.9",
            "--min-articles",
            "1",
            stdout=out,
        )
    assert raised.value.returncode == 1
    data = json.loads(out.getvalue())
    score = next(c for c in data["claims"] if c["slug"] == "xai-distilled-openai")
    assert (score["recall"], score["precision"]) == (0.6667, 1.0)
    assert data["qualifier"]["right"] == 2
    assert data["failures"] == ["xai-distilled-openai: recall 0.667 < 0.9"]
    # Thresholds met: no error.
    call_command("evaluate_linking", *map(str, labelled), "--min-precision", "1", stdout=out)


def test_a_hedge_in_another_sentence_is_a_qualifier_error_not_a_pass(labelled):
    out = StringIO()
    call_command("evaluate_linking", *map(str, labelled), "--format", "json", stdout=out)
    errors = {e["file"]: e["detail"] for e in json.loads(out.getvalue())["qualifier"]["errors"]}
    assert "b.txt" not in errors  # "partly persuaded" is not Musk's qualifier
    assert errors["c.txt"] == "expected none, got no supporting mention"


def test_at_least_in_part_is_in_part():
    assert canonical_qualifier("At least  in part") == "in part"
    assert canonical_qualifier(None) == ""
