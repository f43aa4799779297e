"""A match's stance (sources/linking/stance.py) on the curated claims: a hypothesis, a
forecast, a question, a guess or a charge only mentions the admission; a report of what
Musk said, hedged as he hedged it, supports it; a denial disputes it.

Every sentence here is written for these tests; none is taken from an article."""

import tomllib

import pytest

from sources.linking import ClaimSpec, Engine
from tests.helpers import FIXTURES_DIR, curated_engine

ADMISSION = "xai-distilled-openai"
LAWSUIT = "musk-sues-openai-altman-brockman"
ENGINE = curated_engine()


def found(text: str, slug: str = ADMISSION) -> list[tuple[str, str]]:
    """(stance, qualifier) of every match of ``slug`` in ``text``."""
    matches, _ = ENGINE.scan(text)
    return [(m.stance, m.qualifier) for m in matches if m.key == slug]


def stances(text: str, slug: str = ADMISSION) -> list[str]:
    return [stance for stance, _ in found(text, slug)]


# --- Conditions: the words inside "if" or "whether" ----------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # An "if" clause with a verb of saying beside it is still a hypothesis.
        "If xAI had distilled OpenAI's models, OpenAI's counsel argued, the terms were broken.",
        "If xAI were to train Grok on OpenAI's models, Musk said, nobody could stop it.",
        # Inversions open a condition too.
        "Were xAI to rely on OpenAI's outputs, its licence would be void.",
        "Had xAI used OpenAI's models for Grok, the discovery would have shown it.",
        "Should xAI have distilled OpenAI's systems, damages could follow.",
        # "Whether" as a subject, or after a verb that is not asking, asks nothing answered.
        "Whether xAI trained Grok on OpenAI outputs remains an open question, Musk's lawyers said.",
        "Jurors will have to decide if xAI relied on OpenAI's models.",
    ],
)
def test_a_condition_is_a_hypothesis_whatever_verb_stands_beside_it(sentence):
    assert stances(sentence) == ["mentions"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Lawyers asked whether xAI distilled OpenAI's models.",
        "OpenAI's counsel asked Musk if xAI had partly relied on OpenAI's models.",
        "Musk will be asked whether xAI used OpenAI models to build Grok.",
        "Musk is expected to be questioned about whether xAI trained Grok on OpenAI's outputs.",
        # An answer under a modal, refused or negated answers nothing.
        "Asked whether xAI relied on OpenAI's models, Musk will likely say yes.",
        "Asked whether xAI relied on OpenAI's models, Musk declined to confirm it.",
        "Asked whether xAI relied on OpenAI's models, Musk did not answer.",
        # A verb of saying inside a second question is part of the question.
        "The lawyer asked whether xAI used OpenAI's models and whether Musk had admitted it.",
    ],
)
def test_a_question_in_indirect_speech_only_mentions(sentence):
    assert stances(sentence) == ["mentions"]


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        (
            'Musk was asked whether xAI had used OpenAI\'s models and he answered "partly."',
            "partly",
        ),
        (
            "Cross-examined about whether xAI trained Grok on OpenAI's models, he replied: "
            "'Partially.'",
            "partially",
        ),
        ("When pressed on whether xAI relied on OpenAI's models, Musk conceded that it had.", ""),
    ],
)
def test_a_question_answered_in_the_same_sentence_is_reported(sentence, qualifier):
    assert found(sentence) == [("supports", qualifier)]


# --- Forecasts and obligations: a verb of reporting under a modal ------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "If cross-examined, Musk would have to admit xAI had used OpenAI's models in part.",
        "Musk could be forced to acknowledge that xAI used OpenAI's models to build Grok.",
        "Musk might testify that xAI relied on OpenAI's models in part.",
        "Musk will testify next week that xAI partly trained Grok on OpenAI's models.",
        "OpenAI's lawyers hope Musk is going to concede that xAI used OpenAI's models.",
        "Musk won't confirm that xAI trained Grok on OpenAI outputs, one adviser predicted.",
        # An infinitive asked for is not one done: "asked him to admit".
        "OpenAI's lawyers would then ask him to admit xAI had partly used the models for Grok.",
        "The judge urged Musk to concede that xAI used OpenAI's models.",
        "OpenAI's counsel asked Musk to admit that xAI had used OpenAI's models.",
    ],
)
def test_a_forecast_or_a_request_to_admit_is_not_an_admission(sentence):
    assert "supports" not in stances(sentence)
    assert stances(sentence)  # the sentence is still about the claim


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        # Reported speech keeps the speaker's own hedges and modals.
        ("Musk testified that xAI may have used OpenAI's models to train Grok.", ""),
        ("Musk seemed to indicate that xAI might have used OpenAI's models for Grok.", ""),
        ("Musk appeared to concede that xAI had used OpenAI's models in part.", "in part"),
        ("Musk suggested xAI had partly distilled OpenAI's models.", "partly"),
        ("xAI could have relied on OpenAI's models in part, Musk conceded.", "in part"),
        # The attribution after the words, a few words into its own clause, or a speaker's
        # label; a relative clause between is about something else.
        ("xAI may have used OpenAI models, Musk testified on Thursday in federal court.", ""),
        (
            "xAI might have used OpenAI's models, which critics say is a breach, Musk admitted "
            "in court.",
            "",
        ),
        ("Musk: xAI may have partly used OpenAI models", "partly"),
        # Obligations met in the past are reports.
        ("Musk was forced to concede that xAI had partly used OpenAI's models.", "partly"),
        ("Musk had to admit that xAI used OpenAI's models in part.", "in part"),
        (
            "OpenAI's lawyers got Musk to admit that xAI had used OpenAI's models in part.",
            "in part",
        ),
    ],
)
def test_hedged_reported_speech_is_still_the_admission(sentence, qualifier):
    assert found(sentence) == [("supports", qualifier)]


# --- Guesses and charges --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Some suspect xAI trained Grok on outputs from OpenAI's ChatGPT.",
        "Observers speculate that xAI may have trained Grok on OpenAI's models.",
        "It is possible that xAI used OpenAI models to train Grok, one analyst wrote.",
        "Perhaps xAI used OpenAI's models to train Grok.",
        "xAI possibly used OpenAI's models to build Grok.",
        "xAI may have used OpenAI's models, critics allege.",
        "xAI may have used OpenAI models, critics on social media alleged on Friday.",
        "xAI may have used OpenAI's models, which OpenAI says is a breach, analysts speculate.",
        # A modal with no verb of reporting to carry it is the writer's guess.
        "xAI might have leaned on OpenAI's models for Grok.",
        # Charges, by the claim's own "conjecture" terms.
        "OpenAI alleges that xAI trained Grok on OpenAI's models.",
        "OpenAI has accused xAI of distilling OpenAI's models to build Grok.",
    ],
)
def test_a_guess_or_a_charge_only_mentions(sentence):
    assert stances(sentence) == ["mentions"]


def test_a_charge_that_is_the_claim_itself_still_supports_it():
    # Musk's lawsuit is an accusation: its own words never make a guess of it.
    assert stances("Musk's lawsuit accuses OpenAI of abandoning its nonprofit mission.", LAWSUIT)
    assert set(
        stances("Musk's lawsuit accuses OpenAI of abandoning its nonprofit mission.", LAWSUIT)
    ) == {"supports"}


# --- Denials --------------------------------------------------------------------------------


def test_a_denial_disputes_and_a_forecast_denial_only_mentions():
    assert stances("Musk denied that xAI had used OpenAI's models to train Grok.") == ["disputes"]
    assert stances("Musk is expected to deny that xAI used OpenAI's models.") == ["mentions"]


def test_a_negation_does_not_reach_into_the_clause_after_it():
    # "not wonder whether": the negation is the wondering's, not a denial of the use.
    assert stances("It is hard not to wonder whether xAI used OpenAI's models for Grok.") == [
        "mentions"
    ]
    assert stances("xAI has not used OpenAI's models, Musk said.") == ["disputes"]


# --- Who speaks: the subject of the verb of reporting (the claim's "speaker") ----------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Critics said xAI may have used OpenAI's models to train Grok.",
        "Analysts have also said that xAI partly trained Grok on OpenAI's outputs.",
        "OpenAI's attorneys told the jury that xAI had distilled OpenAI's models.",
        "A court filing says xAI incorporated OpenAI's API responses into Grok's tuning.",
        "OpenAI said in a filing that xAI trained Grok on OpenAI's models.",
        "Industry observers noted that Grok was partly trained on OpenAI's models.",
        "According to two analysts, xAI relied on OpenAI's models in part.",
        "xAI partly used OpenAI's models to build Grok, Priya Lindqvist told reporters.",
        "xAI leaned on OpenAI's models for Grok, said one rival executive.",
        "In a blog post, Harriet Osei said xAI had used OpenAI's models for Grok.",
        "OpenAI: xAI trained Grok on OpenAI's models",
    ],
)
def test_another_partys_telling_only_mentions_the_admission(sentence):
    assert stances(sentence) == ["mentions"]


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("Musk said xAI had partly used OpenAI's models to train Grok.", "partly"),
        ("Elon Musk also conceded that xAI used OpenAI's models in part.", "in part"),
        ("The billionaire acknowledged that xAI had partly distilled OpenAI's models.", "partly"),
        ("The witness admitted xAI trained Grok on OpenAI's models in part.", "in part"),
        # A stand-in naming another entity is still Musk ("speaker_stand_ins").
        ("The xAI founder conceded that xAI partly used OpenAI's models.", "partly"),
        ("Under cross-examination, he said xAI had partly relied on OpenAI's models.", "partly"),
        # The nearest verb of reporting decides: another party reporting Musk's answer.
        ("OpenAI's lawyer said Musk admitted xAI partly used OpenAI's models.", "partly"),
        ("Critics noted that Musk had conceded xAI used OpenAI's models in part.", "in part"),
        # An aside or a relative clause between Musk and his verb.
        ("Musk, asked by OpenAI's lawyer, conceded xAI had partly used OpenAI's models.", "partly"),
        ("Musk, who testified for hours, admitted xAI partly used OpenAI's models.", "partly"),
        ("xAI partly used OpenAI's models for Grok, Musk told the court.", "partly"),
        ("xAI partly used OpenAI's models for Grok, said Musk.", "partly"),
        ("According to Musk, xAI partly used OpenAI's models for Grok.", "partly"),
        # A headline in title case: its capitals are no one's name.
        ("Musk Reluctantly Admits xAI Partly Used OpenAI's Models", "partly"),
        # No verb of reporting at all: as before.
        ("xAI partly used OpenAI's models to train Grok.", "partly"),
    ],
)
def test_musks_own_telling_still_supports_the_admission(sentence, qualifier):
    assert found(sentence) == [("supports", qualifier)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Critics said xAI may have used OpenAI's models to train Grok.",
        "OpenAI's attorneys told the jury that xAI had distilled OpenAI's models.",
        "xAI partly used OpenAI's models to build Grok, Priya Lindqvist told reporters.",
        "According to two analysts, xAI relied on OpenAI's models in part.",
    ],
)
def test_without_a_speaker_rule_another_partys_telling_supports(sentence):
    # The mechanism is the claim's "speaker": the same claim without it reads these traps
    # as it did before (supports), so they check the speaker and nothing else.
    with open(FIXTURES_DIR / "claims.toml", "rb") as handle:
        rows = tomllib.load(handle)["claims"]
    with open(FIXTURES_DIR / "entities.toml", "rb") as handle:
        entities = tomllib.load(handle)["entities"]
    row = next(row for row in rows if row["slug"] == ADMISSION)
    rules = {key: value for key, value in row["match_rules"].items() if key != "speaker"}
    rules.pop("speaker_stand_ins")
    names = {e["slug"]: [e["name"], *e.get("aliases", [])] for e in entities}
    bare = Engine([ClaimSpec(key=ADMISSION, kind=row["kind"], rules=rules)], names)
    matches, _ = bare.scan(sentence)
    assert [m.stance for m in matches] == ["supports"]
    assert stances(sentence) == ["mentions"]
