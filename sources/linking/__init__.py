"""The linker: finds where each article reports each claim (Source -> Mention, CandidateClaim).

This package's face: callers outside the linker import from ``sources.linking`` only.

* rules.py: the match_rules spec, its word lists and validate_rules;
* sentences.py: sentences with offsets, normalisation, quotations, numbers;
* engine.py: the Engine, rules compiled once then scan(body); no database access;
* stance.py: a match's stance (supports, disputes, mentions) from where its words stand;
* near.py: near_misses, sentences one cue short of a pattern; no database access;
* reconcile.py: build_engine, link_sources, relink_all, preview_rules, preview_near_misses;
  matches vs stored rows.
"""

from sources.linking.engine import ClaimSpec, Engine
from sources.linking.reconcile import (
    LinkResult,
    RulePreviewMatch,
    RulePreviewNearMiss,
    build_engine,
    link_sources,
    preview_near_misses,
    preview_rules,
    relink_all,
)
from sources.linking.rules import validate_rules

__all__ = [
    "ClaimSpec",
    "Engine",
    "LinkResult",
    "RulePreviewMatch",
    "RulePreviewNearMiss",
    "build_engine",
    "link_sources",
    "preview_near_misses",
    "preview_rules",
    "relink_all",
    "validate_rules",
]
