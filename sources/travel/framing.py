"""The framing verb on mentions: computing it, and crossing it with the qualifier.

Reads and writes the database. ``frame_mentions`` sets ``Mention.reporting_verb`` and
``verb_connotation`` from each mention's sentence (``verbs.reporting_verb``); it is safe to
re-run and leaves alone a mention whose verb an editor set (``editor_owned_fields``).
``verb_qualifier_summary`` is the read: per verb, how many mentions kept the hedge and how
many dropped it ("outlets that wrote 'admitted' dropped 'partly' N times out of M"). It
returns numbers, not prose: the pages word them.
"""

from collections import Counter
from dataclasses import dataclass, field

from sources.models import Claim, Mention
from sources.travel.verbs import framing_of

BATCH = 1000


def frame_mentions(mentions=None) -> dict[str, int]:
    """Set the reporting verb of ``mentions`` (default: all). Returns counts."""
    queryset = mentions if mentions is not None else Mention.objects.all()
    fields = ("pk", "sentence", "sentence_start", "start", "end", "reporting_verb")
    fields += ("verb_connotation", "editor_owned_fields")
    changed, seen, kept = [], 0, 0
    counts = {"mentions": 0, "with_verb": 0, "changed": 0, "kept_by_editor": 0}
    for mention in queryset.only(*fields).iterator(chunk_size=BATCH):
        seen += 1
        if mention.owns("reporting_verb"):
            kept += 1
            continue
        verb, connotation = framing_of(mention)
        counts["with_verb"] += bool(verb)
        if (mention.reporting_verb, mention.verb_connotation) != (verb, connotation):
            mention.reporting_verb, mention.verb_connotation = verb, connotation
            changed.append(mention)
        if len(changed) >= BATCH:
            _save(changed, counts)
    _save(changed, counts)
    counts.update(mentions=seen, kept_by_editor=kept)
    return counts


def _save(changed: list[Mention], counts: dict) -> None:
    # bulk_update: a verb is derived data, not worth a history record per mention.
    Mention.objects.bulk_update(changed, ["reporting_verb", "verb_connotation"], batch_size=BATCH)
    counts["changed"] += len(changed)
    changed.clear()


@dataclass
class VerbRow:
    verb: str  # "" = no reporting verb in the sentence
    connotation: str
    mentions: int = 0
    kept: int = 0  # mentions that kept a qualifier
    outlets: set = field(default_factory=set)
    qualifiers: Counter = field(default_factory=Counter)

    @property
    def dropped(self) -> int:
        return self.mentions - self.kept

    @property
    def qualifier(self) -> str:
        """The hedge most often kept with this verb ("partly"), or ""."""
        return self.qualifiers.most_common(1)[0][0] if self.qualifiers else ""


def verb_qualifier_summary(claim: Claim) -> list[VerbRow]:
    """Per reporting verb, the mentions of ``claim`` that kept or dropped the qualifier.

    Disputing mentions are left out (they do not report the claim as made). Rows come
    most-used first; the row with verb "" holds the mentions with no reporting verb.
    """
    rows: dict[str, VerbRow] = {}
    mentions = (
        Mention.objects.filter(claim=claim)
        .exclude(stance=Mention.Stance.DISPUTES)
        .values_list("reporting_verb", "verb_connotation", "qualifier", "source__outlet_id")
    )
    for verb, connotation, qualifier, outlet in mentions:
        row = rows.setdefault(verb, VerbRow(verb, connotation))
        row.mentions += 1
        if outlet:
            row.outlets.add(outlet)
        if qualifier.strip():
            row.kept += 1
            row.qualifiers[qualifier.strip().lower()] += 1
    return sorted(rows.values(), key=lambda r: (-r.mentions, r.verb))


def verbs_by_outlet(claim: Claim) -> dict[int | None, Counter]:
    """Outlet id → how often it used each reporting verb for ``claim`` (None: no outlet)."""
    tallies: dict[int | None, Counter] = {}
    rows = Mention.objects.filter(claim=claim).values_list("source__outlet_id", "reporting_verb")
    for outlet, verb in rows:
        tallies.setdefault(outlet, Counter())[verb] += 1
    return tallies
