"""Small display helpers for the reader pages: ``{% load pages %}``."""

from datetime import date
from functools import lru_cache

from django import template
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def precise_date(value: date | None, precision: str = "day") -> str:
    """A date only as precise as we know it: "1 May 2026", "May 2026", "2026" or "date unknown"."""
    if value is None:
        return "date unknown"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return format_date(value, "F Y")
    return format_date(value, "j F Y")


@lru_cache(maxsize=8192)
def _time_tag(value: date, precision: str, language: str) -> SafeString:
    # Dates repeat across rows and requests; formatting them is most of a long list's cost.
    if precision == "year":
        machine = format_date(value, "Y")
    elif precision == "month":
        machine = format_date(value, "Y-m")
    else:
        machine = format_date(value, "Y-m-d")
    return format_html('<time datetime="{}">{}</time>', machine, precise_date(value, precision))


@register.simple_tag
def time_tag(value: date, precision: str = "day") -> SafeString:
    """``<time datetime>`` only as precise as known ("2026", "2026-05"), never a made-up day.

    What ``includes/_date.html`` renders, without an include's cost on every row.
    """
    return _time_tag(value, precision, translation.get_language() or "")


@register.filter
def reporter(source) -> str:
    """Who published a source: its outlet, or a plain note that nobody knows yet."""
    outlet = getattr(source, "outlet", None)
    return outlet.name if outlet is not None else "Unknown outlet"


@register.filter
def stance_label(stance: str) -> str:
    return {"supports": "Supports", "disputes": "Disputes", "mentions": "Mentions"}.get(
        stance, stance
    )
