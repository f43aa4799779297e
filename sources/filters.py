"""The filters readers apply on pages, shared by pages, exports and the API.

A filtered page and its export read the same query string, so what a reader
sees is what a fact-checker downloads. Draft claims (``Claim.is_published``
False) and their mentions are never among the results. Parameters (each may repeat):
``kind`` (claim kind), ``outlet`` (outlet slug), ``stance``, ``claim``
(claim slug), ``source`` (source id), ``published_after`` and
``published_before`` (ISO dates).

The exports and the API read more (``parse_filters(..., open_data=True)``):
``verdict`` (a claim's verdict, ``none`` for no verdict yet), ``method`` (how a
mention was linked), ``reviewed`` (``true``/``false``: a mention checked by an
editor) and ``q`` (words to search for). There an unknown parameter is an
error, so a misspelt filter never returns the whole table as if it had
filtered it; pages ignore what they do not read. ``q`` needs the search index,
so the open data applies it (sources/opendata/scope.py); the functions here
apply every other filter.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import QueryDict

from sources.highlight import query_terms
from sources.models import Claim, Mention, Outlet

# The largest id a 64-bit signed integer column holds.
MAX_ID = 2**63 - 1
# ``verdict=none``: claims not yet given a verdict (stored as "").
VERDICT_NONE = "none"
# What each parameter means, for error messages and the API's index.
PAGE_PARAMETERS = {
    "claim": "claim slug (repeatable)",
    "outlet": "outlet slug (repeatable)",
    "stance": "supports, disputes or mentions (repeatable)",
    "kind": f"claim kind: {', '.join(Claim.Kind.values)} (repeatable)",
    "source": "source id (repeatable)",
    "published_after": "ISO date; sources published on or after it",
    "published_before": "ISO date; sources published on or before it",
}
OPEN_DATA_PARAMETERS = {
    **PAGE_PARAMETERS,
    "verdict": f"claim verdict: {', '.join(v for v in Claim.Verdict.values if v)} or "
    f"{VERDICT_NONE} (repeatable; mentions by their claim's verdict)",
    "method": f"how a mention was linked: {', '.join(Mention.Method.values)} (repeatable; "
    "claims and sources that have such a mention)",
    "reviewed": "true or false: mentions an editor has (not) reviewed; claims and sources "
    "that have such a mention",
    "q": "words to search for, all of them, as the site's search does: a claim by its "
    "statement, a source by its text, a mention or an event by its claim or source",
}


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()
    published_after: date | None = None
    published_before: date | None = None
    # Read by the exports and the API only (open_data=True).
    verdicts: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    reviewed: bool | None = None
    q: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return bool(self.params())

    def params(self) -> list[tuple[str, str]]:
        """Each active filter as (parameter, value), in a fixed order; repeats for lists."""
        # The page filters first, in the order pages have always written them.
        pairs = [("kind", kind) for kind in self.kinds]
        pairs += [("outlet", slug) for slug in self.outlets]
        pairs += [("stance", stance) for stance in self.stances]
        pairs += [("claim", slug) for slug in self.claims]
        pairs += [("source", str(pk)) for pk in self.sources]
        if self.published_after:
            pairs.append(("published_after", self.published_after.isoformat()))
        if self.published_before:
            pairs.append(("published_before", self.published_before.isoformat()))
        pairs += [("verdict", VERDICT_NONE if v == "" else v) for v in self.verdicts]
        pairs += [("method", method) for method in self.methods]
        if self.reviewed is not None:
            pairs.append(("reviewed", "true" if self.reviewed else "false"))
        if self.q:
            pairs.append(("q", self.q))
        return pairs

    def querystring(self) -> str:
        """The filters as a query string (no leading ``?``), for links and exports."""
        query = QueryDict(mutable=True)
        for name, value in self.params():
            query.appendlist(name, value)
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


def _reviewed(params: QueryDict, errors: list[str]) -> bool | None:
    raw = params.get("reviewed", "")
    if raw in ("", None):
        return None
    value = {"true": True, "false": False}.get(raw.lower())
    if value is None:
        errors.append(f"reviewed must be true or false, not {raw!r}")
    return value


def unknown_parameters(params: QueryDict, known: Iterable[str]) -> list[str]:
    """An error for each parameter of ``params`` not in ``known``, naming the known ones."""
    known = list(known)
    return [
        f"unknown parameter {name!r}; known parameters: {', '.join(known)}"
        for name in params
        if name not in known
    ]


def parse_filters(
    params: QueryDict, *, open_data: bool = False, also: Iterable[str] = ()
) -> Filters:
    """Read filters from a request's GET; bad values are reported in ``errors``.

    An unknown kind or stance and a source that is not an id are dropped; an
    unknown outlet or claim slug is kept (it matches nothing). Exports and the
    API answer 400 with ``errors``; pages show them.

    With ``open_data`` (exports, API) the fact-checkers' filters are read too, and
    any parameter that is neither a filter nor in ``also`` (e.g. ``page``) is an
    error. Pages call it without, and keep ignoring what they do not read.
    """
    errors: list[str] = []
    extra: dict = {}
    if open_data:
        errors.extend(unknown_parameters(params, [*OPEN_DATA_PARAMETERS, *also]))
        verdicts = _choices(
            params, "verdict", [v for v in Claim.Verdict.values if v] + [VERDICT_NONE], errors
        )
        q = " ".join(params.get("q", "").split())
        if params.get("q") and not query_terms(q):
            errors.append(f"q must contain a word to search for, not {params.get('q')!r}")
        extra = {
            "verdicts": tuple("" if v == VERDICT_NONE else v for v in verdicts),
            "methods": _choices(params, "method", Mention.Method.values, errors),
            "reviewed": _reviewed(params, errors),
            "q": q,
        }
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
        **extra,
        errors=tuple(errors),
    )


# For each model, the lookup each filter narrows by. Each filter is applied in
# its own .filter() call, as a reader ticks them one by one: across a
# many-to-many (an event's claims) two filters may be met by different rows.
_MENTION_LOOKUPS = {
    "kinds": "claim__kind__in",
    "verdicts": "claim__verdict__in",
    "methods": "method__in",
    "reviewed": "reviewed",
    "outlets": "source__outlet__slug__in",
    "stances": "stance__in",
    "claims": "claim__slug__in",
    "sources": "source_id__in",
    "published_after": "source__published__gte",
    "published_before": "source__published__lte",
}
_CLAIM_LOOKUPS = {"kinds": "kind__in", "claims": "slug__in", "verdicts": "verdict__in"}
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
        if value not in (None, (), ""):  # reviewed=False filters too
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
        methods=filters.methods,
        reviewed=filters.reviewed,
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
    claim_filters = Filters(
        kinds=filters.kinds,
        stances=filters.stances,
        claims=filters.claims,
        verdicts=filters.verdicts,
        methods=filters.methods,
        reviewed=filters.reviewed,
    )
    if claim_filters.active:
        matching = filter_mentions(Mention.objects.all(), claim_filters)
        sources = sources.filter(pk__in=matching.values("source_id"))
    return sources
