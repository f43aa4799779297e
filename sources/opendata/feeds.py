"""Atom feeds: newly added sources, and claims whose fact-check verdict changed.

Verdict changes come from the claims' history (django-simple-history): a
historical record whose verdict differs from the claim's previous record, or a
claim's first record when it already has a verdict. The comparison runs in the
database with a LAG() window, so the feed costs one query however long the
history is.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Lag
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from sources.markdown import render_markdown
from sources.models import HEAVY_SOURCE_FIELDS, Claim, Source

FEED_LENGTH = 50


def verdict_changes() -> QuerySet:
    """Historical claim records where the verdict changed, newest first.

    Each record has the claim's fields as they were then, ``history_date`` (when)
    and ``previous_verdict`` (None for a claim created with its verdict).
    Deletions are not changes of verdict and are left out.
    """
    # A draft claim's verdicts are the desk's until it is published.
    history = Claim.history.model.objects.exclude(history_type="-").filter(
        id__in=Claim.objects.published().values("pk")
    )
    return (
        history.annotate(
            previous_verdict=Window(
                Lag("verdict"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .filter(
            (Q(previous_verdict__isnull=True) & ~Q(verdict=""))
            | (Q(previous_verdict__isnull=False) & ~Q(verdict=F("previous_verdict")))
        )
        .order_by("-history_date", "-history_id")
    )


def verdict_label(verdict: str | None) -> str:
    if not verdict:
        return "no verdict"
    return Claim.Verdict(verdict).label if verdict in Claim.Verdict.values else verdict


class SourcesFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Articles added to the story, newest first."

    def title(self) -> str:
        return f"{settings.SITE_NAME}: newly added sources"

    def link(self) -> str:
        return reverse("sources:source_list")

    def items(self) -> QuerySet[Source]:
        return (
            Source.objects.select_related("outlet")
            .defer(*HEAVY_SOURCE_FIELDS)
            .order_by("-ingested_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: Source) -> str:
        return item.title

    def item_description(self, item: Source) -> str:
        published = item.published.isoformat() if item.published else "date unknown"
        outlet = item.outlet.name if item.outlet else "Unknown outlet"
        return format_html("<p>{} · {} · {}</p><p>{}</p>", outlet, published, item.origin, item.dek)

    def item_link(self, item: Source) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Source):
        return item.ingested_at

    def item_updateddate(self, item: Source):
        return item.updated_at

    def item_author_name(self, item: Source) -> str:
        return item.authors


class VerdictsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Claims whose fact-check verdict was set or changed."

    def title(self) -> str:
        return f"{settings.SITE_NAME}: verdict changes"

    def link(self) -> str:
        return reverse("sources:coverage")

    def items(self):
        return verdict_changes()[:FEED_LENGTH]

    def item_title(self, item) -> str:
        return f"{item.slug}: {verdict_label(item.verdict)}"

    def item_description(self, item) -> str:
        change = format_html(
            "<p>{}</p><p>Verdict: {} (was: {}).</p>",
            item.statement,
            verdict_label(item.verdict),
            verdict_label(item.previous_verdict),
        )
        return change + render_markdown(item.verdict_explanation)

    def item_link(self, item) -> str:
        return reverse("sources:claim_detail", args=[item.slug])

    def item_guid(self, item) -> str:
        # One entry per change, not per claim: the claim page plus the history id.
        # The canonical address keeps ids stable whatever host the feed is read on.
        return f"{settings.SITE_URL}{self.item_link(item)}#verdict-{item.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.history_date
