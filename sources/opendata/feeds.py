"""Atom feeds: newly added sources, and claims whose fact-check verdict changed.

Verdict changes come from the claims' history (django-simple-history): a
historical record whose verdict differs from the claim's previous record, or a
claim's first record when it already has a verdict. The comparison runs in the
database with a LAG() window, so the feed costs one query however long the
history is.

Both feeds are valid Atom (RFC 4287): the newsroom is the feed's author, every
entry has its ``updated`` date, and any text headed for the XML goes through
``xml_text`` first, so a control character in a headline or in a verdict
explanation kept in history is dropped instead of failing the whole feed.
Internal file names (a source's origin) are never shown. Reads only.
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
from sources.opendata.xlsx import xml_text

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


def _clean(value):
    """``value`` with XML-illegal characters dropped from its text, lists included."""
    if isinstance(value, str):
        cleaned = xml_text(value)
        return value if cleaned == value else type(value)(cleaned)  # keeps SafeString safe
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


class SafeAtom1Feed(Atom1Feed):
    """Atom whose every text is fit for XML 1.0: the XML writer refuses control
    characters (``\x0b`` from a word processor, ``\x1b``) with an error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*(_clean(a) for a in args), **{k: _clean(v) for k, v in kwargs.items()})


class NewsroomFeed(Feed):
    """A feed the newsroom signs (RFC 4287 wants an author on the feed or each entry)."""

    feed_type = SafeAtom1Feed

    def author_name(self) -> str:
        return settings.SITE_NAME

    def author_link(self) -> str:
        return settings.SITE_URL


def verdict_label(verdict: str | None) -> str:
    if not verdict:
        return "no verdict"
    return Claim.Verdict(verdict).label if verdict in Claim.Verdict.values else verdict


class SourcesFeed(NewsroomFeed):
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
        # Not the origin: that is the file name it was ingested from, internal.
        return format_html("<p>{} · {}</p><p>{}</p>", outlet, published, item.dek)

    def item_link(self, item: Source) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Source):
        return item.ingested_at

    def item_updateddate(self, item: Source):
        return item.updated_at

    def item_author_name(self, item: Source) -> str | None:
        # None, not "": an empty <name> is no author; the feed's author then stands.
        return item.authors.strip() or None


class VerdictsFeed(NewsroomFeed):
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

    def item_updateddate(self, item):
        # A change of verdict is a record in history: it is never updated afterwards.
        return item.history_date
