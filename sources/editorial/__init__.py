"""The editors' services: what an edit means (ownership, moves, merges, restores).

This package's face: the admin and the commands import from ``sources.editorial`` only.
No admin imports here.
"""

from sources.editorial.candidates import (
    accept_candidate,
    merge_candidate,
    reject_candidate,
    unique_claim_slug,
)
from sources.editorial.mentions import (
    create_editor_mention,
    locate_quote,
    mark_mentions_reviewed,
    prepare_editor_mention,
    prepare_manual_source,
)
from sources.editorial.merge import MergeResult, merge_claims
from sources.editorial.ownership import (
    SOURCE_METADATA_FIELDS,
    EditorialError,
    apply_claim_edit,
    apply_mention_edit,
    apply_source_edit,
)
from sources.editorial.restore import RestoreResult, list_deleted, restore_deleted

__all__ = [
    "SOURCE_METADATA_FIELDS",
    "EditorialError",
    "MergeResult",
    "RestoreResult",
    "accept_candidate",
    "apply_claim_edit",
    "apply_mention_edit",
    "apply_source_edit",
    "create_editor_mention",
    "list_deleted",
    "locate_quote",
    "mark_mentions_reviewed",
    "merge_candidate",
    "merge_claims",
    "prepare_editor_mention",
    "prepare_manual_source",
    "reject_candidate",
    "restore_deleted",
    "unique_claim_slug",
]
