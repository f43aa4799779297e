"""Articles that look like the story and do not report Musk's admission (issue 13: the
unseen set mixes them in): other labs distilling OpenAI, Anthropic cutting off xAI, an
explainer, an op-ed's guesses, other companies "partly" trained on someone's outputs, the
lawsuit without distillation, a preview of questions not yet asked. None may link the
admission as a report; a real report beside them still does.

Every article here is written for these tests; none is taken from a real one."""

import pytest

from sources.linking.sentences import split_sentences
from tests.helpers import curated_engine

ADMISSION = "xai-distilled-openai"
ENGINE = curated_engine()


def reported(title: str, body: str, slug: str = ADMISSION) -> list[tuple[str, str, str]]:
    """(stance, qualifier, sentence) of every supporting or disputing match of ``slug``."""
    matches, _ = ENGINE.scan_article(body, title=title)
    return [
        (m.stance, m.qualifier, m.sentence)
        for m in matches
        if m.key == slug and m.stance in ("supports", "disputes")
    ]


LOOKALIKES = {
    "deepseek": (
        "Washington hears how DeepSeek caught up",
        "OpenAI told a House committee that DeepSeek had distilled its models to build R1. "
        "The Chinese lab partly relied on outputs from OpenAI's models, the memo says, and "
        "partially copied their answers.\n\n"
        "xAI, Elon Musk's company, is not named in the memo. Grok competes with both.",
    ),
    "chinese-labs": (
        "The distillation race",
        "Several Chinese start-ups trained their chatbots partly on responses from OpenAI's "
        "GPT-4, researchers say. Moonshot and MiniMax were among them. xAI released a new Grok "
        "model the same week, trained on its own data.",
    ),
    "anthropic-cuts-off-xai": (
        "Anthropic cuts off xAI",
        "Anthropic revoked xAI's access to its Claude models on Friday. xAI engineers had used "
        "Claude partly to speed up work on Grok, people familiar with the matter said. OpenAI "
        "took similar steps last year against developers who used its models.\n\n"
        "xAI declined to comment.",
    ),
    "explainer": (
        "What is model distillation?",
        "Distillation trains a small model on the outputs of a larger one. OpenAI says its "
        "terms forbid the practice. xAI, Google and Anthropic all build large models. A student "
        "model learns to imitate the teacher's answers, partly or wholly, and may be trained "
        "in whole or in part on them.",
    ),
    "op-ed": (
        "Opinion: Grok's family tree",
        "It is hard to look at Grok and not wonder whether xAI used OpenAI's models to build "
        "it. Some suspect xAI trained Grok on outputs of OpenAI's ChatGPT, partly because early "
        "versions called themselves ChatGPT. Perhaps xAI leaned on OpenAI's models; perhaps "
        "not. Without discovery in Musk's lawsuit against OpenAI, we may never know.",
    ),
    "meta-and-google": (
        "Training data, borrowed",
        "Meta trained some Llama models partly on outputs from OpenAI's GPT-4, according to "
        "court filings. Google researchers were also said to have used ChatGPT answers in part "
        "to train Bard. xAI, OpenAI and Anthropic all prohibit such use.",
    ),
    "lawsuit-only": (
        "Musk's lawsuit against OpenAI goes to trial",
        "Elon Musk's lawsuit against OpenAI and Sam Altman opened in Oakland on Monday. Musk "
        "co-founded OpenAI in 2015 and says it abandoned its nonprofit mission. He now runs "
        "xAI, which makes Grok. OpenAI's lawyers argue Musk wanted control of the company.",
    ),
    "preview": (
        "What OpenAI's lawyers will ask Musk",
        "OpenAI's lawyers plan to ask Musk whether xAI distilled OpenAI's models. If he admits "
        "that xAI used them, even partly, it could hurt his case. He could be forced to "
        "acknowledge that xAI trained Grok on OpenAI's models in part, one professor said, "
        "and would have to admit xAI had relied on them.",
    ),
    "accusation": (
        "OpenAI's filing",
        "OpenAI alleged in a filing that xAI had partly trained Grok on outputs from OpenAI's "
        "models. Some observers speculate that xAI may have used ChatGPT, OpenAI's chatbot. "
        "xAI called the filing baseless.",
    ),
}


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_a_lookalike_article_does_not_report_the_admission(name):
    title, body = LOOKALIKES[name]
    assert reported(title, body) == []


def test_a_real_report_among_them_still_links_with_its_hedge():
    title = "Musk concedes xAI leaned on OpenAI"
    body = (
        "On the stand on Thursday, OpenAI's counsel asked Elon Musk whether xAI had distilled "
        "OpenAI's models to train Grok. Musk said such distillation was a general practice, "
        'then answered: "Partly."'
    )
    found = reported(title, body)
    assert {stance for stance, _, _ in found} == {"supports"}
    assert "partly" in {qualifier for _, qualifier, _ in found}


# --- The mechanisms the look-alikes need ------------------------------------------------------


def test_a_name_in_lower_case_with_a_capital_inside_starts_a_sentence():
    # "xAI" opening a sentence: not run into the sentence before it.
    body = "xAI's Grok and OpenAI's ChatGPT are rivals. xAI trained Grok on Nvidia chips."
    assert [s.text for s in split_sentences(body)] == [
        "xAI's Grok and OpenAI's ChatGPT are rivals.",
        "xAI trained Grok on Nvidia chips.",
    ]
    assert reported("", body) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Musk said xAI used OpenAI's models, partly or wholly, to train Grok.",
        "Musk said xAI used OpenAI's models in whole or in part to train Grok.",
    ],
)
def test_a_hedge_in_an_alternative_is_no_qualifier(sentence):
    assert [(stance, qualifier) for stance, qualifier, _ in reported("", sentence)] == [
        ("supports", "")
    ]


# --- Who did it: the other party's own doing, two clauses, a term set against the rest -------


@pytest.mark.parametrize(
    "sentence",
    [
        # OpenAI is the verb's subject: its own models, its own training.
        "xAI said OpenAI had trained GPT-5 partly on Grok outputs.",
        "OpenAI used its own models to grade answers, and xAI did the same with Grok.",
        # A relative clause's verb is its antecedent's.
        "xAI hired former OpenAI researchers who trained OpenAI's models.",
        "xAI poached engineers from OpenAI who had distilled OpenAI's models for years.",
        # Two clauses, two doers.
        "OpenAI trained GPT-4 on licensed data, while xAI relied on posts from X.",
        "In 2023 xAI trained Grok-1 on public web data; OpenAI trained GPT-4 on licensed text.",
        # OpenAI's models set against what xAI used.
        "Unlike OpenAI's models, Grok was trained on X data, xAI says.",
        "xAI trained Grok from scratch rather than on OpenAI's models.",
    ],
)
def test_another_doer_or_a_contrast_is_no_report_of_the_admission(sentence):
    assert reported("", sentence) == []


def test_without_using_disputes_rather_than_supports():
    assert [
        stance for stance, _, _ in reported("", "xAI built Grok without using OpenAI's models.")
    ] == ["disputes"]


def test_a_relative_clause_about_xai_still_links():
    found = reported("", "xAI, which trained Grok on OpenAI's models, declined to comment.")
    assert [stance for stance, _, _ in found] == ["supports"]


def test_xai_the_subject_beside_openai_still_links():
    # OpenAI named as the owner of the models and in the clause above: still the admission.
    found = reported(
        "", "OpenAI's lawyers showed that xAI had partly trained Grok on OpenAI's models."
    )
    assert [(stance, qualifier) for stance, qualifier, _ in found] == [("supports", "partly")]
