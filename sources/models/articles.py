"""Outlets, the people and organisations articles name, the articles themselves (Source),
their citations and the record of each ingest run; the editor-ownership mixin and slugs.

No import of the project: the ground floor of the house.
"""

from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from sources.models.paths import outlet_path, source_path


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
        return outlet_path(self.slug)


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
        return source_path(self.pk)


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
