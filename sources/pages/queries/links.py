"""Reader-page URLs for long lists: one ``reverse()`` per list, not one per row.

``reverse()`` costs tens of microseconds; a list page calling
``get_absolute_url`` on every row spends most of its time there. ``url_maker``
reverses a name once and fills in each row's argument by string formatting.
No database access; safe to call again.
"""

from collections.abc import Callable

from django.urls import reverse

# Digits only, so both the int and the slug converters accept it; long enough never to
# occur by chance in the rest of a URL.
_MARK = "9081726354"


def url_maker(name: str) -> Callable[[object], str]:
    """A function giving ``reverse(name, args=[arg])`` for any ``arg`` (an id or a slug).

    Only for URL names with one int or slug argument: those converters put the
    argument in the URL unchanged.
    """
    prefix, _, suffix = reverse(name, args=[_MARK]).partition(_MARK)
    return lambda arg: f"{prefix}{arg}{suffix}"
