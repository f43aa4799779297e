"""Outlets, entity tags and citation rows for a parsed article.

Finds outlets by name, alias or domain and creates them only where asked;
tags entities by whole-word names; builds (unsaved) Citation rows. Never
writes a Source.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sources.ingest.records import CitationRecord, ParsedArticle
from sources.models import Citation, Entity, Outlet, Source, unique_slug

# Citation kinds whose outlet may be created when no outlet of that name exists:
# a "Sources:" list item or a republished-from label names an outlet outright.
# An image credit ("commons.wikimedia.org", a photographer) or a name caught in
# prose ("according to a Goldman Sachs analysis") is often no news outlet at
# all, so it only links to an outlet we already know.
_CREATES_OUTLET = {
    Citation.Kind.SOURCE_LIST,
    Citation.Kind.REPUBLISHED_FROM,
}


def _host(value: str) -> str:
    value = value.strip().casefold()
    host = urlsplit(value if "://" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.")


def find_outlet(name: str, outlets: Sequence[Outlet]) -> Outlet | None:
    """The outlet called ``name`` (name, alias or domain, case-insensitive), or None."""
    key = " ".join(name.split()).casefold()
    if not key:
        return None
    for outlet in outlets:
        if outlet.name.casefold() == key or key in {a.casefold() for a in outlet.aliases or []}:
            return outlet
    host = _host(key) if "." in key and " " not in key else ""
    if host:
        for outlet in outlets:
            domain = outlet.domain.casefold().removeprefix("www.")
            if domain and (host == domain or host.endswith(f".{domain}")):
                return outlet
    return None


def _unique_slug(name: str) -> str:
    return unique_slug(Outlet, name, max_length=190, default="outlet")


def _get_or_create_outlet(
    name: str, outlets: list[Outlet], *, kind: str = "", url: str = ""
) -> Outlet:
    outlet = find_outlet(name, outlets)
    if outlet is None:
        outlet = Outlet.objects.create(
            name=name[:200],
            slug=_unique_slug(name),
            kind=kind if kind in Outlet.Kind.values else Outlet.Kind.NEWS_SITE,
            domain=_host(url) if url else "",
        )
        outlets.append(outlet)
    return outlet


@dataclass(frozen=True)
class OutletChoice:
    """The outlet a parsed article names: one we know, one to create on writing, or none.

    Choosing never writes, so deciding whether anything changed cannot create
    an Outlet; ``save_outlet`` creates the new one when the Source is written.
    """

    outlet: Outlet | None = None  # an outlet we already know
    new_name: str = ""  # else the name of an outlet to create when writing
    kind: str = ""
    url: str = ""

    @property
    def pk(self) -> int | None:
        return self.outlet.pk if self.outlet else None

    def differs_from(self, outlet_id: int | None) -> bool:
        """Whether a source with outlet ``outlet_id`` would get another outlet from this choice."""
        return bool(self.new_name) or self.pk != outlet_id


def choose_outlet(parsed: ParsedArticle, outlets: Sequence[Outlet]) -> OutletChoice:
    """The Source's outlet: the stated name (known or new), else a hint or the URL's host."""
    if parsed.outlet_name:
        known = find_outlet(parsed.outlet_name, outlets)
        if known:
            return OutletChoice(known)
        return OutletChoice(new_name=parsed.outlet_name, kind=parsed.outlet_kind, url=parsed.url)
    for hint in parsed.outlet_hints:
        outlet = find_outlet(hint, outlets)
        if outlet:
            return OutletChoice(outlet)
    if parsed.url:
        return OutletChoice(find_outlet(_host(parsed.url), outlets))
    return OutletChoice()


def save_outlet(choice: OutletChoice, outlets: list[Outlet]) -> Outlet | None:
    """The chosen outlet, created now if it is new (and added to ``outlets``)."""
    if not choice.new_name:
        return choice.outlet
    return _get_or_create_outlet(choice.new_name, outlets, kind=choice.kind, url=choice.url)


def tag_entities(text: str, entities: Iterable[Entity]) -> list[int]:
    """Ids of the entities whose name or an alias appears in ``text`` as a whole word."""
    found = []
    for entity in entities:
        for name in entity.names:
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(entity.pk)
                break
    return found


def _citation_rows(
    records: list[CitationRecord], *, source: Source, outlets: list[Outlet]
) -> list[Citation]:
    rows: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = (record.kind, record.text)
        if key in seen or not record.text:
            continue
        seen.add(key)
        outlet = None
        if record.outlet:
            if record.kind in _CREATES_OUTLET:
                outlet = _get_or_create_outlet(record.outlet, outlets)
            else:
                outlet = find_outlet(record.outlet, outlets)
        cited_source = None
        if record.kind == Citation.Kind.SOURCE_LIST and record.title:
            cited_source = (
                Source.objects.filter(title__iexact=record.title).exclude(pk=source.pk).first()
            )
        url = record.url  # parse checked it
        rows.append(
            Citation(
                source=source,
                kind=record.kind,
                text=record.text,
                cited_outlet=outlet,
                cited_source=cited_source,
                cited_title=record.title[:500],
                cited_url=url[:1000],
            )
        )
    return rows


def _citation_key(citation: Citation) -> tuple:
    return (
        citation.kind,
        citation.text,
        citation.cited_outlet_id,
        citation.cited_source_id,
        citation.cited_title,
        citation.cited_url,
    )
