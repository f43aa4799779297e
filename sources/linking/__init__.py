"""The linker: finds where each article reports each claim (Source -> Mention, CandidateClaim).

This package's face: callers outside the linker import from ``sources.linking`` only.
"""

from sources.linking.engine import (
    ClaimSpec,
    Engine,
    LinkResult,
    RulePreviewMatch,
    build_engine,
    link_sources,
    preview_rules,
    relink_all,
    validate_rules,
)

__all__ = [
    "ClaimSpec",
    "Engine",
    "LinkResult",
    "RulePreviewMatch",
    "build_engine",
    "link_sources",
    "preview_rules",
    "relink_all",
    "validate_rules",
]
