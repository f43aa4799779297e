"""Reads for the reader pages: every query a page runs is built here, one module per page family.

sources, claims, coverage, compare, outlets, findings (the front page) and
search. Each function returns plain data or QuerySets with what the page
needs selected up front, so a page runs the same number of queries however
many sources, claims and mentions there are. Lists that grow with the corpus
are paginated. Nothing here writes or builds HTML; every function is safe to
call again. This module holds what several pages share: paging, the
qualifier flag, and the page sizes.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet

from sources.models import Claim, Mention

SOURCES_PER_PAGE = 50
# A claim's quotes a page: each is a sentence, an article and its links (issue 14: lean).
MENTIONS_PER_PAGE = 25
COVERAGE_COLUMNS_PER_PAGE = 12
QUALIFIER_ROWS_PER_PAGE = 25
CONTEXT_MENTIONS_PER_CLAIM = 5
CITED_BY_LIMIT = 50


def _page(queryset: QuerySet, *, number: object, per_page: int) -> Page:
    """One page (two queries: count and slice); bad or too-large numbers give a valid page."""
    return Paginator(queryset, per_page).get_page(number)


def _with_qualifier_flag(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate ``has_qualifier``: some source kept a hedge ("partly") on this claim."""
    hedged = Mention.objects.published().filter(claim=OuterRef("pk")).exclude(qualifier="")
    return claims.annotate(has_qualifier=Exists(hedged))


def claim_tracks_qualifier(claim: Claim) -> bool:
    """Whether keeping or dropping a hedge matters for this claim.

    True when the linker's rules name qualifiers or any source kept one
    (needs ``_with_qualifier_flag``'s annotation, else only the rules count).
    """
    rules = claim.rules
    return bool(rules.get("qualifiers")) or bool(getattr(claim, "has_qualifier", False))
