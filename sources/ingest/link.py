"""What ingestion links to the claims, decided in one place.

``Linking`` names the choices; ``Linker`` carries them out: a new or changed
source is linked inside the transaction that writes it (so it is stored with
its mentions or not at all), a source an earlier run stored but never linked
is linked when a run meets it again, and ``Linking.EVERYTHING`` relinks every
source once the run is done. The one place ingestion calls the linker.
"""

from dataclasses import fields
from enum import StrEnum

from sources.ingest.runs import RunLog
from sources.linking import Engine, LinkResult, build_engine, link_sources, relink_all
from sources.models import Source


class Linking(StrEnum):
    """What ingestion links to the claims once the sources are written."""

    NOTHING = "nothing"  # store only (``ingest --no-link``)
    CHANGED = "changed"  # the sources this run created or updated (the default)
    EVERYTHING = "everything"  # every stored source, as after reloading the claims (load_story)

    @classmethod
    def of(cls, link: "bool | Linking") -> "Linking":
        if isinstance(link, Linking):
            return link
        return cls.CHANGED if link else cls.NOTHING


def _add(total: LinkResult | None, part: LinkResult | None) -> LinkResult | None:
    if total is None or part is None:
        return total or part
    for item in fields(LinkResult):
        mine, theirs = getattr(total, item.name), getattr(part, item.name)
        setattr(total, item.name, mine | theirs if isinstance(mine, dict) else mine + theirs)
    return total


class Linker:
    """The one place that decides what ingestion links to the claims (see Linking)."""

    def __init__(self, linking: Linking, *, awaiting: set[int]):
        self.linking = linking
        self.awaiting = awaiting  # stored by earlier runs, never linked
        self.engine: Engine | None = None
        self.result: LinkResult | None = None

    def after_write(self, source: Source, outcome: str) -> tuple[bool, bool]:
        """Link ``source`` now if this run should, inside the caller's transaction.

        Returns (linked now, linked at all): a source stored together with its
        mentions, or left as earlier runs left it.
        """
        written = outcome in ("ingested", "updated")
        waiting = source.pk in self.awaiting
        if self.linking is Linking.CHANGED and (written or waiting):
            self.engine = self.engine or build_engine()
            self.result = _add(self.result, link_sources(sources=[source], engine=self.engine))
            self.awaiting.discard(source.pk)
            return waiting and not written, True
        return False, not (written or waiting)

    def after_run(self, log: RunLog) -> None:
        if self.linking is Linking.EVERYTHING:
            self.result = relink_all()
            log.mark_linked()
