"""The story's timeline and the editor-written introduction to it."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from sources.models import Claim, DatePrecision, Entity, Source


class Event(models.Model):
    """Something that happened, dated as precisely as the sources allow."""

    slug = models.SlugField(max_length=200, unique=True)
    date = models.DateField()
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown.")
    claims = models.ManyToManyField(Claim, blank=True, related_name="events")
    sources = models.ManyToManyField(Source, blank=True, related_name="events")
    entities = models.ManyToManyField(Entity, blank=True, related_name="events")

    history = HistoricalRecords(m2m_fields=[claims, sources, entities])

    class Meta:
        ordering = ["date", "slug"]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"

    def get_absolute_url(self) -> str:
        return f"{reverse('timeline:timeline')}#event-{self.slug}"


class Story(models.Model):
    """The editor-written front page text (one row per story; this site has one)."""

    slug = models.SlugField(max_length=100, unique=True, default="main")
    headline = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="One paragraph for share previews.")
    body = models.TextField(help_text="Markdown: what happened, in a few paragraphs.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.headline
