"""The filters readers apply on pages, shared by pages, exports and the API.

A filtered page and its export read the same query string, so what a reader
sees is what a fact-checker downloads. Draft claims (``Claim.is_published``
False) and their mentions are never among the results. Parameters (each may repeat):
``kind`` (claim kind), ``outlet`` (outlet slug), ``stance``, ``claim``
(claim slug), ``source`` (source id), ``published_after`` and
``published_before`` (ISO dates).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import QueryDict

from sources.models import Claim, Mention, Outlet

# The largest id a 64-bit signed integer column holds.
MAX_ID = 2**63 - 1


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


def parse_id(raw: str) -> int | None:
    """``raw`` as a database id or page number: ASCII digits up to ``MAX_ID``, else None.

    ``str.isdigit()`` alone accepts "²" (which int() refuses) and Arabic-Indic
    digits; ids past ``MAX_ID`` overflow the database's 64-bit integers.
    """
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def _choices(params: QueryDict, name: str, allowed: list[str], errors: list[str]) -> tuple:
    """The values of ``name`` that are among ``allowed``; any other is reported."""
    kept = []
    for value in params.getlist(name):
        if value in allowed:
            kept.append(value)
        elif value:
            errors.append(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return tuple(kept)


def _slugs(params: QueryDict, name: str, model, errors: list[str]) -> tuple[str, ...]:
    """The non-empty values of ``name``; each with no ``model`` row of that slug is reported.

    Unknown slugs are kept, so the filter matches nothing rather than everything.
    One query, only when the parameter is given.
    """
    # PostgreSQL refuses NUL in a query; U+FFFD keeps such a value matching nothing.
    slugs = tuple(dict.fromkeys(s.replace("\x00", "\ufffd") for s in params.getlist(name) if s))
    if not slugs:
        return ()
    known = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    errors.extend(f"no {name} with slug {s!r}" for s in slugs if s not in known)
    return slugs


def parse_filters(params: QueryDict) -> Filters:
    """Read filters from a request's GET; bad values are reported in ``errors``.

    An unknown kind or stance and a source that is not an id are dropped; an
    unknown outlet or claim slug is kept (it matches nothing). Exports and the
    API answer 400 with ``errors``; pages show them.
    """
    errors: list[str] = []
    kinds = _choices(params, "kind", Claim.Kind.values, errors)
    stances = _choices(params, "stance", Mention.Stance.values, errors)
    source_ids = []
    for raw in params.getlist("source"):
        pk = parse_id(raw)
        if pk is None:
            errors.append(f"source must be an article id (a whole number), not {raw!r}")
        else:
            source_ids.append(pk)
    return Filters(
        kinds=kinds,
        outlets=_slugs(params, "outlet", Outlet, errors),
        stances=stances,
        claims=_slugs(params, "claim", Claim, errors),
        sources=tuple(source_ids),
        published_after=_parse_date(params.get("published_after"), "published_after", errors),
        published_before=_parse_date(params.get("published_before"), "published_before", errors),
        errors=tuple(errors),
    )


# For each model, the lookup each filter narrows by. Each filter is applied in
# its own .filter() call, as a reader ticks them one by one: across a
# many-to-many (an event's claims) two filters may be met by different rows.
_MENTION_LOOKUPS = {
    "kinds": "claim__kind__in",
    "outlets": "source__outlet__slug__in",
    "stances": "stance__in",
    "claims": "claim__slug__in",
    "sources": "source_id__in",
    "published_after": "source__published__gte",
    "published_before": "source__published__lte",
}
_CLAIM_LOOKUPS = {"kinds": "kind__in", "claims": "slug__in"}
_SOURCE_LOOKUPS = {
    "outlets": "outlet__slug__in",
    "sources": "pk__in",
    "published_after": "published__gte",
    "published_before": "published__lte",
}


def narrow(queryset: QuerySet, filters: Filters, lookups: dict[str, str]) -> QuerySet:
    """``queryset`` narrowed by every active filter that has a lookup in ``lookups``."""
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{lookup: value})
    return queryset


def mention_only(filters: Filters) -> Filters:
    """The filters that pick mentions rather than claims: a claim's counts honour them,
    and a claim matches them when one of its mentions does."""
    return Filters(
        outlets=filters.outlets,
        stances=filters.stances,
        sources=filters.sources,
        published_after=filters.published_after,
        published_before=filters.published_before,
    )


def filter_mentions(mentions: QuerySet[Mention], filters: Filters) -> QuerySet[Mention]:
    """Mentions that match every active filter, of published claims only (never a draft's)."""
    return narrow(mentions.filter(claim__is_published=True), filters, _MENTION_LOOKUPS)


def filter_claims(claims: QuerySet[Claim], filters: Filters) -> QuerySet[Claim]:
    """Published claims of the chosen kinds/slugs that have a matching mention when mention
    filters apply (a draft claim is never a reader's)."""
    claims = narrow(claims.filter(is_published=True), filters, _CLAIM_LOOKUPS)
    mention_filters = mention_only(filters)
    if mention_filters.active:
        matching = filter_mentions(Mention.objects.all(), mention_filters)
        claims = claims.filter(pk__in=matching.values("claim_id"))
    return claims


def filter_sources(sources: QuerySet, filters: Filters) -> QuerySet:
    """Sources matching outlet/id/date filters, and reporting a matching claim if asked."""
    sources = narrow(sources, filters, _SOURCE_LOOKUPS)
    claim_filters = Filters(kinds=filters.kinds, stances=filters.stances, claims=filters.claims)
    if claim_filters.active:
        matching = filter_mentions(Mention.objects.all(), claim_filters)
        sources = sources.filter(pk__in=matching.values("source_id"))
    return sources
