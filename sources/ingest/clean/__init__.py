"""Plain-text cleaning: web copies of articles into title, byline, body and credits.

The rules are generic shapes that pasted web pages share (share-button lines,
"Also Read:" promos glued to paragraphs, comment widgets, image credits,
"Sources:" lists, site taglines), never sentences of particular articles.
What a rule removes stays in ``Source.raw_input``; ``Cleaned.removed`` lists it.

No database access; every function is pure, so re-running is always safe.
"""

from sources.ingest.clean.furniture import (
    _find_header,
    _take_credits,
    _take_related,
    _take_republished_notes,
    _take_source_list,
    _take_trailing_furniture,
)
from sources.ingest.clean.recognise import (
    find_based_on,
    is_boilerplate,
    outlet_hint,
    strip_inline_promo,
)
from sources.ingest.clean.units import _group_paragraphs, _Unit, split_units
from sources.ingest.records import Cleaned


def clean_text(text: str, *, title: str = "") -> Cleaned:
    """Split decoded article text into header fields, body paragraphs and credits.

    ``title``: the headline when metadata already gave it (HTML, front matter);
    the text's own copy of it is then dropped instead of re-detected.
    Returns a Cleaned record; pure, safe to re-run.
    """
    cleaned = Cleaned()
    units: list[_Unit] = []
    for unit in split_units(text):
        hint = outlet_hint(unit.text)
        if hint:
            cleaned.outlet_hints.append(hint)
            cleaned.removed.append(unit.text)
            continue
        if is_boilerplate(unit.text):
            cleaned.removed.append(unit.text)
            continue
        kept, promo = strip_inline_promo(unit.text)
        if promo:
            cleaned.removed.append(promo)
            unit.text = kept
        units.append(unit)

    units = _take_trailing_furniture(units, cleaned)
    units = _take_source_list(units, cleaned)
    units = _take_related(units, cleaned)
    units = _take_trailing_furniture(units, cleaned)
    units = _find_header(units, cleaned, title=title)
    units = _take_credits(units, cleaned)
    units = _take_republished_notes(units, cleaned)
    cleaned.paragraphs = _group_paragraphs(units)
    for citation in find_based_on(cleaned.body):
        if not any(c.kind == citation.kind and c.text == citation.text for c in cleaned.citations):
            cleaned.citations.append(citation)
    return cleaned
