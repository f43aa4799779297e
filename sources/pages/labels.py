"""The words the reader pages build from data: filter labels, quoted statements, findings.

Presentation only: it turns what the reads in ``sources.pages.queries``
return into the sentences and labels a reader sees. No database access, no
HTML (templates escape what this returns); pure, safe to call again.
"""

from dataclasses import dataclass, replace
from datetime import date

from sources.models import Claim, Entity
from sources.pages.queries.coverage import CarriedFilter
from sources.pages.queries.findings import DISPUTED, HEDGE_KEPT, STATED, Finding

# --- The coverage page's carried filters --------------------------------------

_DATE_LABELS = {
    "published_after": "Published on or after",
    "published_before": "Published on or before",
}


def long_date(day: date) -> str:
    """ "1 May 2026": the day without a leading zero, the month in full."""
    return f"{day.day} {day:%B %Y}"


def carried_label(carried: CarriedFilter) -> str:
    """ "Claim: …", "Article: …" or "Published on or after 1 May 2026"."""
    if carried.name == "claim":
        return f"Claim: {carried.named or carried.value}"
    if carried.name == "source":
        return f"Article: {carried.named or f'no. {carried.value}'}"
    day = date.fromisoformat(carried.value)
    return f"{_DATE_LABELS[carried.name]} {long_date(day)}"


def label_carried(carried: list[CarriedFilter]) -> list[CarriedFilter]:
    """The same filters, each with its ``label`` filled in."""
    return [replace(c, label=carried_label(c)) for c in carried]


# --- Quoting a statement in running text ----------------------------------------

_CLOSING_QUOTES = "\"'”’»"
_DOUBLE_QUOTES = str.maketrans({"“": "‘", "”": "’", "«": "‘", "»": "’"})


def quoted(statement: str) -> str:
    """``statement`` in curly double quotes, for running text that adds its own full stop.

    The statement's own final full stop goes, even inside a closing quote
    (``OpenAI.”`` becomes ``OpenAI’”``), and quotes inside it become single
    quotes, so the result never ends in ``.””.``.
    """
    text = " ".join(statement.split())
    body = text.rstrip(_CLOSING_QUOTES)
    closing = text[len(body) :]
    body = body.rstrip(".").rstrip()
    inner = _single_quotes(body + closing)
    return f"“{inner}”"


def _single_quotes(text: str) -> str:
    """Double quotation marks made single (curly), for a quote nested in a quote."""
    out = []
    for index, char in enumerate(text.translate(_DOUBLE_QUOTES)):
        if char == '"':
            before = text[index - 1] if index else " "
            char = "‘" if before.isspace() or before in "([{—–-/" else "’"
        out.append(char)
    return "".join(out)


def short_name(entity: Entity | None) -> str:
    """The shortest of an entity's names ("Musk" for Elon Musk), for running text."""
    if entity is None:
        return ""
    return min(entity.names, key=len)


# --- The front page's findings ------------------------------------------------------

# What a reporter that states a claim of this kind did with it.
_STATED_VERBS = {
    Claim.Kind.POLICY_CLAUSE: "quoted",
    Claim.Kind.BENCHMARK: "gave",
    Claim.Kind.CHARACTERIZATION: "said",
}


@dataclass
class Sentence:
    """A finding as the front page shows it: its sentence and the page that backs it up."""

    text: str
    url: str
    claim: Claim


def _outlets(n: int) -> str:
    return f"{n} outlet" if n == 1 else f"{n} outlets"


def copies_note(copies: int) -> str:
    """ " (and 2 copies, counted with their original)", or "" when nothing was collapsed."""
    if not copies:
        return ""
    if copies == 1:
        return " (and 1 copy, counted with its original)"
    return f" (and {copies} copies, counted with their original)"


def finding_sentence(finding: Finding) -> str:
    """ "2 of 5 outlets that reported “…” kept Musk’s “partly”; 3 dropped it." and the like.

    A copy group counts once; the outlets that only republished a copy are named after
    the sentence's numbers (``copies_note``), so the raw number stays visible.
    """
    claim = finding.claim
    note = copies_note(finding.copies)
    if finding.kind == HEDGE_KEPT:
        who = f"{short_name(claim.speaker)}’s " if claim.speaker else "the "
        dropped = finding.reporters - finding.count
        return (
            f"{finding.count} of {_outlets(finding.reporters)} that reported "
            f"{quoted(claim.statement)} kept {who}“{finding.word}”; "
            f"{dropped} dropped it{note}."
        )
    if finding.kind == STATED:
        verb = _STATED_VERBS[claim.kind]
        return (
            f"{finding.count} of {_outlets(finding.reporters)} {verb}: "
            f"{quoted(claim.statement)}{note}."
        )
    if finding.kind == DISPUTED:
        return f"{_outlets(finding.count)} disputed {quoted(claim.statement)}{note}."
    raise ValueError(f"Unknown finding: {finding.kind}")


def finding_sentences(findings: list[Finding]) -> list[Sentence]:
    """Each finding with its sentence, in the same order."""
    return [Sentence(finding_sentence(f), f.url, f.claim) for f in findings]


# --- Who had it first (issue 16 §3) --------------------------------------------------


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def lag_label(lag: tuple[int, int] | None) -> str:
    """ "the same day", "1 day later", "0–30 days later" (a month-dated article) or ""."""
    if lag is None:
        return ""
    least, most = lag
    if least == most == 0:
        return "the same day"
    if least >= 0:
        return f"{_days(least)} later" if least == most else f"{least}–{most} days later"
    if most < 0:
        return f"{_days(-most)} before" if least == most else f"{-most}–{-least} days before"
    return f"between {_days(-least)} before and {_days(most)} after"


def with_lags(reports: list) -> list[tuple]:
    """Each first report (``sources.travel.first.FirstReport``) with its lag in words."""
    return [(report, lag_label(report.lag)) for report in reports]
