"""Taking the furniture off an article's units: header, related links, source lists, credits, notes.

Each step takes units and a Cleaned record, moves what it recognises into the
record (title, byline, dek, citations, captions, removed lines) and returns
the units left. No database access; pure apart from filling the record.
"""

from sources.ingest.clean.recognise import (
    _ENDS_SENTENCE,
    _LIST_ITEM,
    _MAX_PROMO_ITEMS,
    _MD_LINK,
    _PROMO_HEADER,
    _RELATED_HEADER,
    _REPUBLISHED,
    _SOURCES_HEADER,
    _URL,
    _is_fact_row,
    _is_related_item,
    _tagline_site,
    copyright_owner,
    is_boilerplate,
    is_list_item,
    is_table_row,
    looks_like_prose,
    looks_like_title,
    parse_byline,
    parse_credit,
    parse_meta_line,
    same_text,
    split_title_outlet,
)
from sources.ingest.clean.units import _Unit
from sources.ingest.records import CitationRecord, Cleaned


def _find_header(units: list[_Unit], cleaned: Cleaned, *, title: str) -> list[_Unit]:
    """Take the label line, title, repeated title, byline and dek off the top."""
    units = list(units)
    # A label line above the headline (section, date, original outlet).
    for _ in range(2):
        if not units:
            break
        meta = parse_meta_line(units[0].text)
        if meta is None:
            break
        category, (found, precision), origin = meta
        cleaned.category = cleaned.category or category
        if cleaned.published is None:
            cleaned.published, cleaned.published_precision = found, precision
        if origin:
            cleaned.citations.append(
                CitationRecord(kind="republished_from", text=origin, outlet=origin)
            )
        cleaned.removed.append(units.pop(0).text)

    title_block: int | None = None
    if title:
        cleaned.title = title
    elif units and looks_like_title(units[0].text):
        first = units[0]
        # A short kicker ("Exclusive", "Tech News") above a headline-shaped line.
        if (
            len(units) > 1
            and len(first.text.split()) <= 3
            and not _ENDS_SENTENCE.search(first.text)
            and 3 <= len(units[1].text.split()) <= 30
            and not _ENDS_SENTENCE.search(units[1].text.rstrip("”’\"'"))
            and not looks_like_prose(units[1].text)
            and parse_byline(units[1].text) is None  # "Short headline" / "By A and B"
        ):
            cleaned.category = cleaned.category or first.text
            cleaned.removed.append(units.pop(0).text)
        title_unit = units.pop(0)
        cleaned.title = title_unit.text
        title_block = title_unit.block
    # The headline repeated below itself (web copies often print it twice).
    for i in reversed(range(min(4, len(units)))):
        if cleaned.title and same_text(units[i].text, cleaned.title):
            cleaned.removed.append(units.pop(i).text)

    bylines: list[int] = []
    for i in range(min(4, len(units))):
        byline = parse_byline(units[i].text)
        if byline is None:
            if i >= 1 and looks_like_prose(units[i].text):
                break
            continue
        bylines.append(i)
        cleaned.authors.extend(a for a in byline.authors if a not in cleaned.authors)
        found = byline.published or byline.updated
        if found and cleaned.published is None:
            cleaned.published, cleaned.published_precision = found

    dek_index = None
    # Without a headline the first paragraph is the lead, never a dek.
    candidates = [i for i in range(min(3, len(units))) if i not in bylines and cleaned.title]
    if candidates:
        i = candidates[0]
        text = units[i].text
        shaped = (
            len(text) <= 400
            and len(text.split()) >= 5
            and not is_list_item(text)
            and not is_table_row(text)
        )
        before_byline = any(b > i for b in bylines)
        # A headline and standfirst set apart from the rest by a blank line.
        later_blocks = [u.block for j, u in enumerate(units) if j > i and j not in bylines]
        own_block = (
            title_block is not None
            and units[i].block == title_block
            and bool(later_blocks)
            and all(block != title_block for block in later_blocks)
        )
        if shaped and (before_byline or own_block):
            dek_index = i
            cleaned.dek = text
    drop = set(bylines) | ({dek_index} if dek_index is not None else set())
    for i in sorted(drop, reverse=True):
        unit = units.pop(i)
        if i in bylines:
            cleaned.removed.append(unit.text)
    return units


def _take_trailing_furniture(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Peel site taglines and copyright lines off the end (they name the outlet).

    One tagline at most, and not one of several "Label · value" rows in a row
    (that is a fact box, part of the article).
    """
    units = list(units)
    tagline_taken = False
    while units:
        text = units[-1].text
        owner = copyright_owner(text)
        site = "" if tagline_taken else _tagline_site(text)
        if site and len(units) > 1 and _is_fact_row(units[-2].text):
            site = ""  # one row of a "Label · value" box
        if owner:
            cleaned.outlet_hints.append(owner)
        elif site:
            cleaned.outlet_guesses.append(site)
            tagline_taken = True
        elif not is_boilerplate(text):
            break
        cleaned.removed.append(units.pop().text)
    return units


def _take_related(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Drop "Related news"-style headers and the other headlines listed under them.

    In the article's tail, any such header goes when nothing but headline-shaped
    items (no final full stop, or a list item or link) and other such headers
    follow it. Before that, only a header that never introduces story text
    ("Also read", "Related stories") goes, with the few headlines under it.
    "More from the courtroom" above sentences of the story is a subheading and stays.
    """
    start = len(units)
    for i in reversed(range(len(units))):
        text = units[i].text
        if _RELATED_HEADER.match(text):
            start = i
        elif not _is_related_item(text):
            break
    cleaned.removed.extend(unit.text for unit in units[start:])
    units = units[:start]

    kept: list[_Unit] = []
    i = 0
    while i < len(units):
        end = i + 1
        promo = bool(_PROMO_HEADER.match(units[i].text))
        if promo:
            while (
                end < len(units)
                and end - i <= _MAX_PROMO_ITEMS
                and _is_related_item(units[end].text)
                and not _RELATED_HEADER.match(units[end].text)
            ):
                end += 1
        if promo:
            cleaned.removed.extend(unit.text for unit in units[i:end])
        else:
            kept.append(units[i])
        i = end
    return kept


def _take_source_list(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """A "Sources:" header and the list under it become source_list citations."""
    for start, unit in enumerate(units):
        if not _SOURCES_HEADER.match(unit.text):
            continue
        end = start + 1
        while end < len(units):
            item = units[end].text
            if len(item) > 300 or (not is_list_item(item) and looks_like_prose(item)):
                break
            end += 1
        if end == start + 1:
            continue
        for unit_item in units[start + 1 : end]:
            item = _LIST_ITEM.sub("", unit_item.text).strip()
            url = ""
            link = _MD_LINK.search(item)
            if link:
                url = link["url"]
                item = _MD_LINK.sub(lambda m: m["text"], item)
            bare = _URL.search(item)
            if bare:
                url = url or bare.group(0)
                item = _URL.sub("", item).strip(" -–—|:()")
            title, outlet = split_title_outlet(item)
            cleaned.citations.append(
                CitationRecord(
                    kind="source_list",
                    text=unit_item.text.lstrip("-*+• ").strip(),
                    outlet=outlet,
                    title=title or outlet,
                    url=url,
                )
            )
        cleaned.removed.extend(u.text for u in units[start:end])
        return units[:start] + units[end:]
    return units


def _take_credits(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    """Image-credit lines leave the body; the line they credit stays and becomes the caption."""
    kept: list[_Unit] = []
    for unit in units:
        credit = parse_credit(unit.text)
        if not credit:
            kept.append(unit)
            continue
        credited = kept[-1].text if kept else ""
        cleaned.captions.append({"text": credited, "credit": credit})
        cleaned.citations.append(
            CitationRecord(kind="image_credit", text=unit.text, outlet=credit, title=credited)
        )
        cleaned.removed.append(unit.text)
    return kept


def _take_republished_notes(units: list[_Unit], cleaned: Cleaned) -> list[_Unit]:
    kept: list[_Unit] = []
    for unit in units:
        match = _REPUBLISHED.match(unit.text) if len(unit.text) <= 200 else None
        if match and len(match["site"].split()) <= 6:
            cleaned.citations.append(
                CitationRecord(kind="republished_from", text=unit.text, outlet=match["site"])
            )
            cleaned.removed.append(unit.text)
        else:
            kept.append(unit)
    return kept
