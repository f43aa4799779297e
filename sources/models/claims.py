"""The claims the story is about, where each article mentions each claim (Mention), and the
candidate claims the linker proposes; what readers see of them (``published``).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from sources.models.articles import HEAVY_SOURCE_FIELDS, EditorOwnedMixin, Entity, Source
from sources.models.paths import claim_path


class ClaimQuerySet(models.QuerySet):
    def published(self) -> "ClaimQuerySet":
        """The claims readers see: not drafts (``is_published``). Every reader page,
        export, feed and API answer reads claims through this."""
        return self.filter(is_published=True)


class Claim(EditorOwnedMixin, models.Model):
    """One editorial claim, stated canonically, that articles report in their own words."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        POLICY_CLAUSE = "policy_clause", "Policy clause"
        BENCHMARK = "benchmark", "Benchmark"
        STATISTIC = "statistic", "Statistic"
        EVENT = "event", "Event"
        CHARACTERIZATION = "characterization", "Characterization"

    class Verdict(models.TextChoices):
        UNREVIEWED = "", "Not yet reviewed"
        ACCURATE = "accurate", "Accurate"
        MOSTLY_ACCURATE = "mostly_accurate", "Mostly accurate"
        NEEDS_CONTEXT = "needs_context", "Needs context"
        MISLEADING = "misleading", "Misleading"
        INACCURATE = "inaccurate", "Inaccurate"
        UNVERIFIED = "unverified", "Unverified"

    slug = models.SlugField(max_length=200, unique=True)
    statement = models.TextField(help_text="The claim, stated once in the newsroom's words.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    speaker = models.ForeignKey(
        Entity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims_spoken",
        help_text="Who made the claim (for a policy clause: who wrote it).",
    )
    subjects = models.ManyToManyField(
        Entity,
        blank=True,
        related_name="claims_about",
        help_text="Who the claim is about (for a policy clause: who is reported to break it).",
    )
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True, default="")
    verdict_explanation = models.TextField(blank=True, help_text="Markdown.")
    verdict_updated_at = models.DateTimeField(null=True, blank=True)
    claimed_on = models.DateField(null=True, blank=True, help_text="When the claim was made.")
    match_rules = models.JSONField(
        default=dict,
        blank=True,
        help_text="How the linker finds this claim in articles; see sources/linking/rules.py.",
    )
    merged_slugs = models.JSONField(
        default=list,
        blank=True,
        help_text="Slugs of the claims an editor merged into this one; the claims loader "
        "never recreates them.",
    )
    is_published = models.BooleanField(
        default=True,
        help_text="Shown to readers. A claim accepted from a candidate stays a draft until an "
        "editor writes its statement and publishes it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Subjects are kept in history so a deleted claim comes back with them.
    history = HistoricalRecords(m2m_fields=[subjects])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        # Field-level rights for fact-checkers (see setup_roles and the admin).
        permissions = [("change_verdict", "Can set a claim's verdict and its explanation")]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return claim_path(self.slug)

    @property
    def rules(self) -> dict:
        """The matching rules as a dict; a malformed value (an editor's JSON list) is none."""
        return self.match_rules if isinstance(self.match_rules, dict) else {}


def distinct_hedges(qualifiers) -> list[str]:
    """The hedges ("partly", "in part") among ``qualifiers``, each once, lower-cased, sorted."""
    return sorted({q.strip().lower() for q in qualifiers if q.strip()})


class MentionQuerySet(models.QuerySet):
    def published(self) -> "MentionQuerySet":
        """The mentions readers see: of a published claim (a draft's mentions are the desk's),
        and an editor's, a reviewed one, or an automatic one the linker is sure enough of
        (``settings.LINK_PUBLISH_CONFIDENCE``).

        An uncertain automatic link waits in the review queue until an editor decides, so
        it never silently changes a reader-facing count.
        """
        return self.filter(published_mention_q())

    def held_for_review(self) -> "MentionQuerySet":
        """Automatic links of published claims readers do not see yet: unreviewed and under
        the threshold."""
        return self.filter(claim__is_published=True).exclude(published_mention_q())

    def with_light_source(self) -> "MentionQuerySet":
        """Mentions with their source (without its heavy fields) and outlet joined in."""
        return self.select_related("source__outlet").defer(
            *(f"source__{name}" for name in HEAVY_SOURCE_FIELDS), "editor_owned_fields"
        )


def link_publish_confidence() -> float:
    """The confidence under which an automatic link waits for review before readers count it."""
    return float(getattr(settings, "LINK_PUBLISH_CONFIDENCE", 0.0))


def published_mention_q(prefix: str = "") -> models.Q:
    """The condition of ``MentionQuerySet.published`` for a query across a relation
    (``prefix`` e.g. "mentions__")."""
    sure_enough = (
        models.Q(**{f"{prefix}reviewed": True})
        | ~models.Q(**{f"{prefix}method": "automatic"})
        | models.Q(**{f"{prefix}confidence__isnull": True})
        | models.Q(**{f"{prefix}confidence__gte": link_publish_confidence()})
    )
    return models.Q(**{f"{prefix}claim__is_published": True}) & sure_enough


class Mention(EditorOwnedMixin, models.Model):
    """Where one source reports one claim, in that source's exact words.

    ``getattr(source, field)[start:end] == quote`` always holds against the source's
    cleaned text: ``field`` is "body" for most, "title" or "dek" for a mention in the
    headline or the standfirst.
    """

    class Field(models.TextChoices):
        BODY = "body", "Body"
        TITLE = "title", "Headline"
        DEK = "dek", "Dek"

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        DISPUTES = "disputes", "Disputes"
        MENTIONS = "mentions", "Mentions"

        @classmethod
        def ordered(cls, stances) -> list[str]:
            """Each stance once, disputes first, then supports, then mentions."""
            order = {cls.DISPUTES: 0, cls.SUPPORTS: 1, cls.MENTIONS: 2}
            return sorted(set(stances), key=lambda s: order.get(s, 3))

    class Method(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic"
        EDITOR = "editor", "Editor"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mentions")
    quote = models.TextField(help_text="The exact words, as in the source's cleaned text.")
    field = models.CharField(
        max_length=5,
        choices=Field.choices,
        default=Field.BODY,
        help_text="The text of the source the offsets index into: its body, headline or dek.",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence = models.TextField(help_text="The sentence around the quote.")
    sentence_start = models.PositiveIntegerField(default=0)
    qualifier = models.CharField(
        max_length=100,
        blank=True,
        help_text="Hedge attached to the claim here: “partly”, “in part”…",
    )
    variant = models.CharField(
        max_length=300, blank=True, help_text="How this source rendered a quote (“Partly.”)."
    )
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.SUPPORTS)
    reporting_verb = models.CharField(
        max_length=30,
        blank=True,
        help_text="The verb the outlet framed the quote with (“admitted”), normalised; "
        "empty where the sentence has none (sources/travel/verbs.py).",
    )
    verb_connotation = models.CharField(
        max_length=12,
        blank=True,
        choices=[("neutral", "Neutral"), ("concession", "Concession"), ("assertion", "Assertion")],
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.AUTOMATIC)
    reviewed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_mentions",
        help_text="Who last marked the mention reviewed.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    edited = models.BooleanField(
        default=False,
        help_text="An editor changed the claim, qualifier, stance or quote the linker found.",
    )
    confidence = models.FloatField(
        null=True,
        blank=True,
        help_text="How sure the linker is (0-1: how many cues agreed, how close); "
        "empty for an editor's mention.",
    )
    moved_from = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions_moved_away",
        help_text="The claim an editor moved this mention away from; the linker does not "
        "link that claim to these words again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "field", "start", "end"], name="unique_mention_span"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="mention_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "stance"]),
            # Reader pages stamp their caches with the latest change.
            models.Index(fields=["updated_at"], name="mention_updated_idx"),
            # "Which claims did some source hedge?" without scanning every mention.
            models.Index(
                fields=["claim"], condition=~models.Q(qualifier=""), name="mention_hedged_idx"
            ),
        ]
        permissions = [
            ("review_mention", "Can review a mention (stance, reviewed)"),
            ("export_data", "Can export the mentions and claims tables"),
        ]

    def __str__(self) -> str:
        return f"{self.claim.slug} in {self.source_id}: {self.quote[:60]}"

    @property
    def provenance(self) -> str:
        """Who made the link and who changed it: "editor", "automatic, edited" or "automatic"."""
        if self.method == self.Method.EDITOR:
            return "editor"
        return "automatic, edited" if self.edited else "automatic"

    def text_in(self, source: "Source | None" = None) -> str:
        """The text of ``source`` (this mention's by default) its offsets index into."""
        return getattr(source if source is not None else self.source, self.field or "body") or ""

    @property
    def in_body(self) -> bool:
        return (self.field or "body") == self.Field.BODY

    def get_absolute_url(self) -> str:
        if not self.in_body:  # the headline and the dek head every part of the article
            return f"{self.source.get_absolute_url()}#mention-{self.pk}"
        # A long article is shown in parts of a fixed size (sources.limits, whose default
        # this repeats: the models import nothing of the project); the part is the one
        # the mention's start falls in, so no query is needed to find it.
        part = max(0, self.start) // max(1, getattr(settings, "SOURCE_PART_CHARS", 60_000)) + 1
        query = f"?part={part}" if part > 1 else ""
        return f"{self.source.get_absolute_url()}{query}#mention-{self.pk}"


class CandidateClaim(models.Model):
    """A sentence that looks like a claim but matched none, kept for an editor to triage."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quotation"
        NUMBER = "number", "Number with unit"
        ATTRIBUTION = "attribution", "Attributed statement"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged into a claim"
        REJECTED = "rejected", "Rejected"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(help_text="The exact words that look like a claim.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence = models.TextField()
    fingerprint = models.CharField(
        max_length=64,
        help_text="Hash of kind and text: the same words are proposed once per source.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        help_text="The claim it was accepted as or merged into.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.UniqueConstraint(fields=["source", "fingerprint"], name="unique_candidate")
        ]

    def __str__(self) -> str:
        return self.text[:80]
