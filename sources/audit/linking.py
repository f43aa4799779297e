"""Audit the linker against hand-made labels: per claim, what it found and what it missed.

``evaluate(gold_path, articles_dir)`` ingests a folder of articles into a scratch
database (a temporary SQLite file swapped in for the default connection of this
thread, or an empty database the caller names), loads the demo claims and entities
from ``fixtures/``, links, and compares the mentions with the labels of ``gold.json``:

* an article *reports* a claim for the linker when it holds a mention of it with the
  stance "supports" or "disputes" ("mentions" is a question or a hypothetical: shown to
  readers as such, it is neither a hit nor a false link);
* a label ``"ambiguous"`` leaves that article out of the claim's scoring;
* for the admission claim the qualifier counts as right when the article's first
  qualified supporting mention carries the labelled hedge ("at least in part" is
  "in part"), or, for a ``null`` label, when a supporting mention carries none.

The real database is never read or written: everything between ``scratch_database()``
entering and leaving goes to the scratch one. Nothing here prints; ``render_text`` and
``EvaluationResult.as_dict`` give the report.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.db.utils import load_backend

from sources.curated.claims import load_claims
from sources.curated.reference import load_reference_data
from sources.ingest.load import ingest_paths
from sources.linking.reconcile import relink_all
from sources.models import Claim, Mention, Source

ADMISSION = "xai-distilled-openai"  # the claim whose qualifier is scored
REPORTING = (Mention.Stance.SUPPORTS, Mention.Stance.DISPUTES)
SCORED_STANCES = ("supports", "disputes")  # gold labels that count; "ambiguous" is left out


@dataclass
class Example:
    """One article in a claim's list of misses, false links or stance errors."""

    file: str
    outlet: str
    sentence: str
    detail: str = ""


@dataclass
class ClaimScore:
    slug: str
    reported: int  # articles the labels say report it
    linked: int  # articles the linker says report it (ambiguous ones left out)
    found: int  # both
    misses: list[Example] = field(default_factory=list)
    false_links: list[Example] = field(default_factory=list)
    stance_errors: list[Example] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.reported if self.reported else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.linked if self.linked else 1.0


@dataclass
class QualifierScore:
    articles: int
    right: int
    errors: list[Example] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.articles if self.articles else 1.0


@dataclass
class Thresholds:
    min_recall: float = 0.0
    min_precision: float = 0.0
    min_qualifier_accuracy: float = 0.0
    min_admission_recall: float = 0.0
    max_stance_errors: int | None = None
    min_articles: int = 3  # recall and precision are held only for claims this many report


@dataclass
class EvaluationResult:
    articles: int
    claims: list[ClaimScore]
    qualifier: QualifierScore
    unreadable: list[str] = field(default_factory=list)

    def claim(self, slug: str) -> ClaimScore:
        return next(score for score in self.claims if score.slug == slug)

    def failures(self, thresholds: Thresholds) -> list[str]:
        """Every threshold this result falls under, as sentences; [] when it passes."""
        failed = []
        for score in self.claims:
            if score.reported < thresholds.min_articles:
                continue
            if score.recall < thresholds.min_recall:
                failed.append(f"{score.slug}: recall {score.recall:.3f} < {thresholds.min_recall}")
            if score.precision < thresholds.min_precision:
                failed.append(
                    f"{score.slug}: precision {score.precision:.3f} < {thresholds.min_precision}"
                )
        admission = next((s for s in self.claims if s.slug == ADMISSION), None)
        if admission and admission.recall < thresholds.min_admission_recall:
            failed.append(
                f"{ADMISSION}: recall {admission.recall:.3f} < {thresholds.min_admission_recall}"
            )
        if self.qualifier.accuracy < thresholds.min_qualifier_accuracy:
            failed.append(
                f"qualifier accuracy {self.qualifier.accuracy:.3f} "
                f"< {thresholds.min_qualifier_accuracy}"
            )
        stance_errors = sum(len(s.stance_errors) for s in self.claims)
        most = thresholds.max_stance_errors
        if most is not None and stance_errors > most:
            failed.append(f"{stance_errors} stance errors > {most}")
        return failed

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "unreadable": self.unreadable,
            "claims": [
                {**asdict(s), "recall": round(s.recall, 4), "precision": round(s.precision, 4)}
                for s in self.claims
            ],
            "qualifier": {**asdict(self.qualifier), "accuracy": round(self.qualifier.accuracy, 4)},
        }


def canonical_qualifier(qualifier: str | None) -> str:
    """The hedge as the labels name it: lower case, "at least in part" is "in part"."""
    text = " ".join((qualifier or "").lower().split())
    return "in part" if text.endswith("in part") else text


# --- The scratch database -----------------------------------------------------------------


@contextmanager
def scratch_database(url: str | None = None) -> Iterator[str]:
    """Swap a migrated scratch database in for this thread's default connection.

    Without ``url``, a temporary SQLite file (deleted on leaving). With one, that
    database, which must not be the real one and is flushed first. Yields its name.
    """
    real = connections["default"]
    with tempfile.TemporaryDirectory(prefix="evaluate-linking-") as folder:
        config = dj_database_url.parse(url or f"sqlite:///{Path(folder) / 'scratch.sqlite3'}")
        if (config.get("HOST"), config["NAME"]) == (
            real.settings_dict.get("HOST"),
            real.settings_dict["NAME"],
        ) and config["ENGINE"] == real.settings_dict["ENGINE"]:
            raise ValueError("The scratch database must not be the site's own database.")
        config = connections.configure_settings({"default": config})["default"]
        scratch = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
        connections["default"] = scratch
        try:
            call_command("migrate", verbosity=0, interactive=False)
            if url:
                call_command("flush", verbosity=0, interactive=False)
            yield str(config["NAME"])
        finally:
            scratch.close()
            connections["default"] = real


# --- Scoring ------------------------------------------------------------------------------


def read_gold(path: Path) -> list[dict]:
    """The labels: one object per article, with ``file`` and ``claims`` (slug -> stance)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def evaluate(
    gold_path: Path,
    articles_dir: Path,
    *,
    fixtures: Path | None = None,
    scratch_url: str | None = None,
) -> EvaluationResult:
    """Ingest, link and score ``articles_dir`` against ``gold_path`` in a scratch database."""
    gold = read_gold(gold_path)
    fixtures = Path(fixtures or Path(settings.BASE_DIR) / "fixtures")
    with scratch_database(scratch_url):
        with transaction.atomic():
            load_reference_data(fixtures)
            load_claims(fixtures / "claims.toml")
        ingested = ingest_paths([articles_dir], trigger="evaluate_linking", link=False)
        relink_all()
        return score_linking(gold, unreadable=[str(f) for f in ingested.failures])


def score_linking(gold: list[dict], *, unreadable: list[str] | None = None) -> EvaluationResult:
    """Compare the current database's automatic mentions with ``gold``. Read-only.

    Only call it on a database holding just the labelled articles (``evaluate`` does).
    """
    sources = {s.origin: s for s in Source.objects.select_related("outlet")}
    mentions: dict[tuple[str, str], list[Mention]] = {}
    # In reading order: headline, dek, then body (a mention's offsets index into its field).
    reading_order = {Mention.Field.TITLE: 0, Mention.Field.DEK: 1, Mention.Field.BODY: 2}
    for mention in sorted(
        Mention.objects.filter(method=Mention.Method.AUTOMATIC).select_related("claim", "source"),
        key=lambda m: (m.source_id, reading_order.get(m.field, 2), m.start),
    ):
        mentions.setdefault((mention.source.origin, mention.claim.slug), []).append(mention)
    labels = {article["file"]: article for article in gold}
    slugs = sorted(
        set(Claim.objects.values_list("slug", flat=True))
        | {slug for article in gold for slug in article.get("claims", {})}
    )

    def outlet(file: str) -> str:
        source = sources.get(file)
        if source is not None and source.outlet:
            return source.outlet.name
        return labels.get(file, {}).get("outlet", "")

    scores = []
    for slug in slugs:
        reported = {f for f, a in labels.items() if a.get("claims", {}).get(slug) in SCORED_STANCES}
        ambiguous = {f for f, a in labels.items() if a.get("claims", {}).get(slug) == "ambiguous"}
        linked = {
            f
            for f in labels
            if f not in ambiguous
            and any(m.stance in REPORTING for m in mentions.get((f, slug), []))
        }
        if not reported and not linked:
            continue
        score = ClaimScore(slug, len(reported), len(linked), len(reported & linked))
        for f in sorted(reported - linked):
            shown = mentions.get((f, slug), [])
            sentence = (labels[f].get("admission_quote") or "") if slug == ADMISSION else ""
            detail = f"linked only as {shown[0].stance}: {shown[0].sentence}" if shown else ""
            score.misses.append(Example(f, outlet(f), sentence, detail))
        for f in sorted(linked - reported):
            first = next(m for m in mentions[(f, slug)] if m.stance in REPORTING)
            score.false_links.append(
                Example(
                    f, outlet(f), first.sentence, f"{first.stance}, confidence {first.confidence}"
                )
            )
        for f in sorted(reported & linked):
            expected = labels[f]["claims"][slug]
            found = [m for m in mentions[(f, slug)] if m.stance in REPORTING]
            if all(m.stance != expected for m in found):
                score.stance_errors.append(
                    Example(f, outlet(f), found[0].sentence, f"{found[0].stance}, not {expected}")
                )
        scores.append(score)

    qualifier = QualifierScore(articles=0, right=0)
    for f, article in sorted(labels.items()):
        if not article.get("reports_admission"):
            continue
        qualifier.articles += 1
        expected = canonical_qualifier(article.get("qualifier"))
        supporting = [
            m for m in mentions.get((f, ADMISSION), []) if m.stance == Mention.Stance.SUPPORTS
        ]
        hedged = [m for m in supporting if m.qualifier]
        got = canonical_qualifier(hedged[0].qualifier) if hedged else ""
        if supporting and got == expected:
            qualifier.right += 1
            continue
        shown = hedged[0] if hedged else (supporting[0] if supporting else None)
        qualifier.errors.append(
            Example(
                f,
                outlet(f),
                shown.sentence if shown else article.get("admission_quote") or "",
                f"expected {expected or 'none'}, got "
                + ((got or "none") if supporting else "no supporting mention"),
            )
        )
    return EvaluationResult(len(labels), scores, qualifier, unreadable or [])


# --- The report ---------------------------------------------------------------------------


def render_text(result: EvaluationResult) -> str:
    """The per-claim table, the qualifier accuracy, then every miss and false link."""
    width = max([len(s.slug) for s in result.claims] + [5])
    lines = [
        f"{result.articles} labelled articles",
        f"{'claim':<{width}}  reported  linked  found  recall  precision  stance errors",
    ]
    for s in result.claims:
        lines.append(
            f"{s.slug:<{width}}  {s.reported:>8}  {s.linked:>6}  {s.found:>5}  "
            f"{s.recall:>6.3f}  {s.precision:>9.3f}  {len(s.stance_errors):>13}"
        )
    q = result.qualifier
    lines.append(f"Qualifier of {ADMISSION}: {q.right}/{q.articles} right ({q.accuracy:.3f})")
    for file in result.unreadable:
        lines.append(f"Not ingested: {file}")
    for s in result.claims:
        for title, examples in (
            ("miss", s.misses),
            ("false link", s.false_links),
            ("stance error", s.stance_errors),
        ):
            for e in examples:
                lines.append(f"{s.slug} {title}: {e.file} ({e.outlet}) {e.detail}".rstrip())
                if e.sentence:
                    lines.append(f"    {e.sentence}")
    for e in q.errors:
        lines.append(f"qualifier: {e.file} ({e.outlet}) {e.detail}")
        if e.sentence:
            lines.append(f"    {e.sentence}")
    return "\n".join(lines) + "\n"
