"""The linker benchmark's synthetic corpus: claims and articles made in memory.

Claims are the curated ones of fixtures/claims.toml plus invented ones with similar
rules; articles are about N words drawn from a vocabulary, with sentences that should
match mixed in. No database access; never imported by the site, only by bench_linking.
"""

import random
import tomllib
from pathlib import Path

from django.conf import settings

from sources.linking import ClaimSpec

VOCABULARY = str.split(
    "the a of to and in that is for on with as was by it at from this be are an or its has "
    "have but not which were their they more been would about after also other court trial "
    "company model models data training lawyers judge federal week testimony market users "
    "developers research system systems companies industry practice report reported question "
    "technology investors access rules product products public policy compute budget chips "
    "engineers lab labs startup cloud regulators contract contracts billion million percent "
    "quarter revenue growth launch release version benchmark score scores safety researchers "
    "evidence witness jury filing motion appeal hearing counsel statement interview analysts"
)
MATCHING = (
    'Asked on the stand, Musk said xAI had "partly" used OpenAI models to train Grok.',
    "Musk answered “Partially” when asked whether xAI distilled OpenAI’s models.",
    "According to filings, xAI had, in part, relied on distillation of OpenAI models.",
    "Artificial Analysis ranks Grok 4.20 at 49 points on its Intelligence Index.",
    "OpenAI's terms bar customers from using outputs to build competing models.",
    "Critics say OpenAI's terms are vague about training on outputs.",
    "Anthropic said 24,000 accounts generated 16 million exchanges with Claude.",
    'A witness told the court the figure was "far higher than anyone expected".',
    "The startup said it spent $2 million on 40,000 GPUs last quarter.",
)


def topic_words(n: int) -> list[str]:
    """Made-up topic words ("vorlanex"): what claims' terms are, beside common words."""
    rng = random.Random(n)
    syllables = ["vor", "lan", "ex", "mir", "tal", "quo", "sen", "dra", "pel", "kin", "ust", "ob"]
    return ["".join(rng.choices(syllables, k=3)) + str(i % 7) for i in range(n)]


TOPIC = topic_words(3000)


def synthetic_claims(count: int, rng: random.Random) -> list[ClaimSpec]:
    """``count`` claims: the curated ones first, then invented ones with similar rules.

    Invented claims mix topic words with common ones ("said", "court"), a stem,
    a phrase, an entity in a window and a number pattern, like the curated rules.
    """
    path = Path(settings.BASE_DIR) / "fixtures" / "claims.toml"
    with open(path, "rb") as handle:
        rows = tomllib.load(handle)["claims"]
    specs = [
        ClaimSpec(key=row["slug"], kind=row["kind"], rules=row.get("match_rules", {}))
        for row in rows
    ][:count]
    while len(specs) < count:
        n = len(specs)
        topic = rng.sample(TOPIC, 4)
        common = rng.sample(VOCABULARY, 3)
        rules = {
            "patterns": [
                {
                    "terms": [
                        [f"{topic[0][:6]}*", topic[1]],
                        [common[0], f"{topic[2]} {common[1]}"],
                    ],
                    "entities": [f"bench-entity-{n % 40}"],
                    "window": 1,
                    "near": 12,
                },
                {"numbers": [{"value": n, "near": [topic[3]], "distance": 3}]},
            ],
            "dispute": ["denied", common[2]],
        }
        specs.append(ClaimSpec(key=f"bench-claim-{n}", kind="quote", rules=rules))
    return specs


def entity_names() -> dict[str, list[str]]:
    """The story's entities (fixtures/entities.toml) plus 40 invented ones."""
    path = Path(settings.BASE_DIR) / "fixtures" / "entities.toml"
    names: dict[str, list[str]] = {}
    if path.exists():
        with open(path, "rb") as handle:
            for row in tomllib.load(handle).get("entities", []):
                names[row["slug"]] = [row["name"], *row.get("aliases", [])]
    for n in range(40):
        names[f"bench-entity-{n}"] = [f"Entity{n} Labs", f"Entity{n}"]
    return names


def synthetic_article(words: int, rng: random.Random) -> str:
    """About ``words`` words of paragraphs, with a few sentences that should match."""
    paragraphs, total = [], 0
    while total < words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.08:
                sentence = rng.choice(MATCHING)
            else:
                chosen = rng.choices(VOCABULARY, k=rng.randint(10, 24))
                for _ in range(rng.randint(0, 3)):
                    chosen[rng.randrange(len(chosen))] = rng.choice(TOPIC)
                if rng.random() < 0.2:
                    chosen[rng.randrange(len(chosen))] = f"Entity{rng.randrange(40)}"
                if rng.random() < 0.1:
                    chosen.insert(rng.randrange(len(chosen)), str(rng.randrange(200)))
                sentence = " ".join(chosen).capitalize() + "."
            sentences.append(sentence)
            total += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)
