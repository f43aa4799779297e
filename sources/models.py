"""Outlets, articles (Source), the people and organisations they name, the
claims the story is about, and where each article mentions each claim.

Fields an editor corrects by hand are listed in ``editor_owned_fields``;
ingestion and linking never overwrite them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


def unique_slug(model: type[models.Model], text: str, *, max_length: int, default: str) -> str:
    """A slug for a new ``model`` row from ``text``, suffixed (-2, -3…) until no row uses it."""
    base = slugify(text)[:max_length].rstrip("-") or default
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class EditorOwnedMixin(models.Model):
    """Remembers which fields an editor set by hand, so machines leave them be."""

    editor_owned_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields corrected by an editor; ingestion and linking never overwrite them.",
    )

    class Meta:
        abstract = True

    def owns(self, field_name: str) -> bool:
        return field_name in self.editor_owned_fields

    def mark_editor_owned(self, *field_names: str) -> None:
        owned = set(self.editor_owned_fields) | set(field_names)
        self.editor_owned_fields = sorted(owned)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Outlet(models.Model):
    class Kind(models.TextChoices):
        NEWS_SITE = "news", "News site"
        AGGREGATOR = "aggregator", "Aggregator"
        BLOG = "blog", "Blog"
        WIRE = "wire", "Wire service"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS_SITE)
    description = models.TextField(blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names articles use for this outlet (“TechCrunch AI”); ingestion "
        "matches them case-insensitively.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sources:outlet_detail", args=[self.slug])


class Entity(models.Model):
    """A person or organisation named in the story, with the other names used for it."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PRODUCT = "product", "Product"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names for this entity, e.g. “Elon Musk”, “Musk”."
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name

    @property
    def names(self) -> list[str]:
        """The canonical name and every alias, longest first (for matching)."""
        return sorted({self.name, *self.aliases}, key=len, reverse=True)


# The big text and bytes fields of a Source: list pages, feeds and the API leave them out.
HEAVY_SOURCE_FIELDS = ("body", "raw_input", "captions", "editor_owned_fields")


class SourceQuerySet(models.QuerySet):
    def light(self) -> "SourceQuerySet":
        """Sources with their outlet joined in and without the heavy text fields."""
        return self.select_related("outlet").defer(*HEAVY_SOURCE_FIELDS)


class Source(EditorOwnedMixin, models.Model):
    """One article, as ingested from a file (or pasted by an editor)."""

    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    title = models.CharField(max_length=500)
    dek = models.TextField(blank=True, help_text="The standfirst under the headline.")
    authors = models.CharField(max_length=500, blank=True, help_text="Comma-separated.")
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    url = models.URLField(max_length=1000, blank=True)
    body = models.TextField(help_text="Cleaned article text; mention offsets index into it.")
    captions = models.JSONField(
        default=list, blank=True, help_text="Image captions and credits, kept apart from the body."
    )
    raw_input = models.BinaryField(help_text="The file exactly as ingested, byte for byte.")
    origin = models.CharField(
        max_length=500, unique=True, help_text="File name the source came from (its ingestion key)."
    )
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the raw input.")
    language = models.CharField(max_length=10, default="en")
    word_count = models.PositiveIntegerField(default=0)
    entities = models.ManyToManyField(Entity, blank=True, related_name="sources")
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The original of this article's copy group (sources/travel/groups.py); "
        "counts collapse copies into it. An editor's mark or unmark is never overwritten.",
    )
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # raw_input is kept in history too: restoring a deleted source must bring
    # back its bytes, not only its metadata.
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "title"]
        indexes = [
            models.Index(fields=["published"]),
            # Reader pages stamp their caches with the latest change.
            models.Index(fields=["updated_at"], name="source_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sources:source_detail", args=[self.pk])


class Citation(models.Model):
    """A source crediting another outlet or article ("Based on the TechCrunch report")."""

    class Kind(models.TextChoices):
        BASED_ON = "based_on", "Based on"
        SOURCE_LIST = "source_list", "Listed as a source"
        REPUBLISHED_FROM = "republished_from", "Republished from"
        IMAGE_CREDIT = "image_credit", "Image credit"
        MENTION = "mention", "Mentioned"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    cited_outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations"
    )
    cited_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )
    cited_title = models.CharField(max_length=500, blank=True)
    cited_url = models.URLField(max_length=1000, blank=True)
    text = models.TextField(help_text="The words the source uses to credit it.")

    class Meta:
        ordering = ["source", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "text"], name="unique_citation_text")
        ]

    def __str__(self) -> str:
        target = self.cited_outlet or self.cited_title or self.cited_source
        return f"{self.source} → {target}"


class IngestRun(models.Model):
    """A record of one ingestion run: what was read, and what became of it."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=50, default="command")
    ingested = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    report = models.JSONField(
        default=list, blank=True, help_text="One entry per file: origin, hash, outcome, reason."
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Ingest {self.started_at:%Y-%m-%d %H:%M}"


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
        return reverse("sources:claim_detail", args=[self.slug])

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


class ReusePair(models.Model):
    """Two articles that share passages: ``source`` reuses text that ``copies`` also has.

    ``copies`` is the earlier one where publication dates (or a citation) say so;
    ``ordered_by`` says which, or that nothing does. ``passages`` is a list of
    ``{a_start, a_end, b_start, b_end}``: ``source.body[a_start:a_end]`` and
    ``copies.body[b_start:b_end]`` are the same words after folding case, typography and
    whitespace. ``status`` is the editor's: re-detection never changes it.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        DISMISSED = "dismissed", "Dismissed by an editor"

    class OrderedBy(models.TextChoices):
        DATES = "dates", "Publication dates"
        CITATION = "citation", "Citation"
        NONE = "", "Unknown"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="reuses")
    copies = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="reused_by")
    shared_words = models.PositiveIntegerField()
    share = models.FloatField(help_text="Shared words as a fraction of ``source``'s words.")
    passages = models.JSONField(default=list)
    ordered_by = models.CharField(
        max_length=10, choices=OrderedBy.choices, blank=True, default=OrderedBy.NONE
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    detected_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_words", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "copies"], name="unique_reuse_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("copies")), name="reuse_pair_two_sources"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} reuses {self.copies_id} ({self.shared_words} words)"


class TaskRun(models.Model):
    """One background job the desk started (a claim's re-link, a bulk upload): its
    progress while it runs and its report once done, for the editor to read.

    ``report`` for a re-link: ``added``, ``removed`` and ``kept`` mentions, each with its
    sentence (removed ones are listed before they go); for an upload: each file's
    outcome, the failures with their reasons and the origins that need a decision.
    """

    class Kind(models.TextChoices):
        RELINK = "relink", "Re-link a claim"
        INGEST = "ingest", "Ingest an upload"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    label = models.CharField(max_length=300, blank=True)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="task_runs"
    )
    task_id = models.CharField(max_length=64, blank=True, help_text="The tasks framework's id.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "background task"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}: {self.label}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class TaskUpload(models.Model):
    """An uploaded file kept for its task: waiting to be ingested, or for the editor's
    decision when its origin holds another article. Deleted once dealt with (the
    ingested bytes live on in ``Source.raw_input``)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be ingested"
        CONFLICT = "conflict", "Origin holds another article: waiting for a decision"

    run = models.ForeignKey(TaskRun, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveIntegerField(default=0)
    origin = models.CharField(max_length=500)
    data = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # What to do if its origin holds another article: an ingest Conflict value
    # ("refuse", "replace", "new_origin"), the editor's decision once asked.
    on_conflict = models.CharField(max_length=12, default="refuse")
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "position", "pk"]

    def __str__(self) -> str:
        return self.origin
