"""The editors' services: what an edit means (ownership, moves, merges, restores, reverts).

This package's face: the admin and the commands import from ``sources.editorial`` only.
Every service is keyword-only; those that report return a result whose str() is
the admin's message; a request that cannot be carried out raises EditorialError
with a sentence the editor can act on. No admin imports here.
"""

from sources.editorial.candidates import (
    PublishResult,
    UndoResult,
    accept_candidate,
    merge_candidate,
    publish_claim,
    reject_candidate,
    undo_candidate_decision,
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
    CLAIM_EDITABLE_FIELDS,
    SOURCE_METADATA_FIELDS,
    EditorialError,
    apply_claim_edit,
    apply_mention_edit,
    apply_source_edit,
)
from sources.editorial.reanchor import ReanchorResult, reanchor_mentions
from sources.editorial.restore import RestoreResult, list_deleted, restore_deleted
from sources.editorial.revert import SourceChangeResult, revert_source, save_source_edit

__all__ = [
    "CLAIM_EDITABLE_FIELDS",
    "SOURCE_METADATA_FIELDS",
    "EditorialError",
    "MergeResult",
    "PublishResult",
    "ReanchorResult",
    "RestoreResult",
    "SourceChangeResult",
    "UndoResult",
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
    "publish_claim",
    "reanchor_mentions",
    "reject_candidate",
    "restore_deleted",
    "revert_source",
    "save_source_edit",
    "undo_candidate_decision",
    "unique_claim_slug",
]
