"""Outlets, articles (Source), the people and organisations they name, the
claims the story is about, and where each article mentions each claim.

Fields an editor corrects by hand are listed in ``editor_owned_fields``;
ingestion and linking never overwrite them. One app, one tight graph of models,
in a module per concern: ``articles`` (the ground), ``claims`` (claims, mentions,
candidates), ``travel`` (reuse between articles), ``tasks`` (background work), and
``paths`` (each model's page URL, reversed once rather than on every call).
The package imports nothing else of the project.
"""

from sources.models.articles import (
    HEAVY_SOURCE_FIELDS,
    Citation,
    DatePrecision,
    EditorOwnedMixin,
    Entity,
    IngestRun,
    Outlet,
    Source,
    SourceQuerySet,
    unique_slug,
)
from sources.models.claims import (
    CandidateClaim,
    Claim,
    ClaimQuerySet,
    Mention,
    MentionQuerySet,
    distinct_hedges,
    link_publish_confidence,
    published_mention_q,
)
from sources.models.paths import claim_path, outlet_path, source_path
from sources.models.tasks import TaskRun, TaskUpload
from sources.models.travel import ReusePair

__all__ = [
    "HEAVY_SOURCE_FIELDS",
    "CandidateClaim",
    "Citation",
    "Claim",
    "ClaimQuerySet",
    "DatePrecision",
    "EditorOwnedMixin",
    "Entity",
    "IngestRun",
    "Mention",
    "MentionQuerySet",
    "Outlet",
    "ReusePair",
    "Source",
    "SourceQuerySet",
    "TaskRun",
    "TaskUpload",
    "claim_path",
    "distinct_hedges",
    "link_publish_confidence",
    "outlet_path",
    "published_mention_q",
    "source_path",
    "unique_slug",
]
