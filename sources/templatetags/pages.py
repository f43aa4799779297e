"""Small display helpers for the reader pages: ``{% load pages %}``."""

from datetime import date

from django import template
from django.utils.dateformat import format as format_date

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
