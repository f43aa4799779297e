"""The filters readers apply on pages, shared by pages, exports and the API.

A filtered page and its export read the same query string, so what a reader
sees is what a fact-checker downloads. Parameters (each may repeat):
``kind`` (claim kind), ``outlet`` (outlet slug), ``stance``, ``claim``
(claim slug), ``source`` (source id), ``published_after`` and
``published_before`` (ISO dates).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import QueryDict

from sources.models import Claim, Mention
from timeline.models import Event


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    published_after: date | None = None
    published_before: date | None = None
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return any((self.kinds, self.outlets, self.stances, self.claims, self.sources)) or bool(
            self.published_after or self.published_before
        )

    def querystring(self) -> str:
        """The filters as a query string (no leading ``?``), for links and exports."""
        query = QueryDict(mutable=True)
        query.setlist("kind", self.kinds)
        query.setlist("outlet", self.outlets)
        query.setlist("stance", self.stances)
        query.setlist("claim", self.claims)
        query.setlist("source", [str(pk) for pk in self.sources])
        if self.published_after:
            query["published_after"] = self.published_after.isoformat()
        if self.published_before:
            query["published_before"] = self.published_before.isoformat()
        return query.urlencode()


def _parse_date(value: str | None, name: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name} must be a date like 2026-05-01, not {value!r}")
        return None


def parse_filters(params: QueryDict) -> Filters:
    """Read filters from a request's GET; unknown values are dropped and reported in ``errors``."""
    errors: list[str] = []
    kinds = tuple(k for k in params.getlist("kind") if k in Claim.Kind.values)
    stances = tuple(s for s in params.getlist("stance") if s in Mention.Stance.values)
    source_ids = []
    for raw in params.getlist("source"):
        if raw.isdigit():
            source_ids.append(int(raw))
        else:
            errors.append(f"source must be a number, not {raw!r}")
    return Filters(
        kinds=kinds,
        outlets=tuple(o for o in params.getlist("outlet") if o),
        stances=stances,
        claims=tuple(c for c in params.getlist("claim") if c),
        sources=tuple(source_ids),
        published_after=_parse_date(params.get("published_after"), "published_after", errors),
        published_before=_parse_date(params.get("published_before"), "published_before", errors),
        errors=tuple(errors),
    )


def filter_mentions(mentions: QuerySet[Mention], filters: Filters) -> QuerySet[Mention]:
    """Mentions that match every active filter."""
    if filters.kinds:
        mentions = mentions.filter(claim__kind__in=filters.kinds)
    if filters.outlets:
        mentions = mentions.filter(source__outlet__slug__in=filters.outlets)
    if filters.stances:
        mentions = mentions.filter(stance__in=filters.stances)
    if filters.claims:
        mentions = mentions.filter(claim__slug__in=filters.claims)
    if filters.sources:
        mentions = mentions.filter(source_id__in=filters.sources)
    if filters.published_after:
        mentions = mentions.filter(source__published__gte=filters.published_after)
    if filters.published_before:
        mentions = mentions.filter(source__published__lte=filters.published_before)
    return mentions


def filter_claims(claims: QuerySet[Claim], filters: Filters) -> QuerySet[Claim]:
    """Claims of the chosen kinds/slugs that have a matching mention when mention filters apply."""
    if filters.kinds:
        claims = claims.filter(kind__in=filters.kinds)
    if filters.claims:
        claims = claims.filter(slug__in=filters.claims)
    mention_filters = Filters(
        outlets=filters.outlets,
        stances=filters.stances,
        sources=filters.sources,
        published_after=filters.published_after,
        published_before=filters.published_before,
    )
    if mention_filters.active:
        matching = filter_mentions(Mention.objects.all(), mention_filters)
        claims = claims.filter(pk__in=matching.values("claim_id"))
    return claims


def filter_sources(sources: QuerySet, filters: Filters) -> QuerySet:
    """Sources matching outlet/id/date filters, and reporting a matching claim if asked."""
    if filters.outlets:
        sources = sources.filter(outlet__slug__in=filters.outlets)
    if filters.sources:
        sources = sources.filter(pk__in=filters.sources)
    if filters.published_after:
        sources = sources.filter(published__gte=filters.published_after)
    if filters.published_before:
        sources = sources.filter(published__lte=filters.published_before)
    claim_filters = Filters(kinds=filters.kinds, stances=filters.stances, claims=filters.claims)
    if claim_filters.active:
        matching = filter_mentions(Mention.objects.all(), claim_filters)
        sources = sources.filter(pk__in=matching.values("source_id"))
    return sources


def filter_events(events: QuerySet[Event], filters: Filters) -> QuerySet[Event]:
    """Events in the date range that involve the chosen claims, kinds, outlets or sources."""
    if filters.published_after:
        events = events.filter(date__gte=filters.published_after)
    if filters.published_before:
        events = events.filter(date__lte=filters.published_before)
    if filters.claims:
        events = events.filter(claims__slug__in=filters.claims)
    if filters.kinds:
        events = events.filter(claims__kind__in=filters.kinds)
    if filters.outlets:
        events = events.filter(sources__outlet__slug__in=filters.outlets)
    if filters.sources:
        events = events.filter(sources__in=filters.sources)
    if filters.claims or filters.kinds or filters.outlets or filters.sources:
        events = events.distinct()
    return events
