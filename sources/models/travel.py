"""How the story travelled: pairs of articles sharing passages (ReusePair); the copy
groups live on Source.copy_of.
"""

from django.db import models

from sources.models.articles import Source


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
