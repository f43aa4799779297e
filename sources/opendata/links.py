"""Links: page and API URLs reversed once per export, filled in per row (exports and API).

No database access.
"""

from django.urls import reverse

from sources.limits import part_query


class Links:
    """Absolute links to pages and API resources, computed once per export.

    Calling reverse() for every one of 100,000 rows would dominate the export,
    so each URL pattern is reversed once with a placeholder and filled in per row.
    """

    _INT = 987654321
    _SLUG = "placeholder-7f3a"

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self._source = self._template("sources:source_detail", self._INT)
        self._claim = self._template("sources:claim_detail", self._SLUG)
        self._outlet = self._template("sources:outlet_detail", self._SLUG)
        self._timeline = self.base + reverse("timeline:timeline")
        self._api_claim = self._template("api:claim_detail", self._SLUG)
        self._api_source = self._template("api:source_detail", self._INT)
        self._api_outlet = self._template("api:outlet_detail", self._SLUG)
        self._api_mention = self._template("api:mention_detail", self._INT)
        pair = reverse("sources:reuse_pair", args=[self._INT, self._INT + 1])
        self._reuse_pair = self.base + pair.replace(str(self._INT + 1), "{1}").replace(
            str(self._INT), "{0}"
        )

    def _template(self, name: str, placeholder: int | str) -> str:
        return self.base + reverse(name, args=[placeholder]).replace(str(placeholder), "{}")

    def absolute(self, path: str) -> str:
        return self.base + path

    def source(self, pk: int) -> str:
        return self._source.format(pk)

    def mention(self, source_pk: int, mention_pk: int, start: int = 0) -> str:
        # A long article's page is in parts: the mention's start says which.
        return f"{self._source.format(source_pk)}{part_query(start)}#mention-{mention_pk}"

    def claim(self, slug: str) -> str:
        return self._claim.format(slug)

    def outlet(self, slug: str) -> str:
        return self._outlet.format(slug)

    def event(self, slug: str) -> str:
        return f"{self._timeline}#event-{slug}"

    def api_claim(self, slug: str) -> str:
        return self._api_claim.format(slug)

    def api_source(self, pk: int) -> str:
        return self._api_source.format(pk)

    def api_outlet(self, slug: str) -> str:
        return self._api_outlet.format(slug)

    def reuse_pair(self, source_pk: int, copies_pk: int) -> str:
        """The side-by-side page of two sources that share passages."""
        return self._reuse_pair.format(source_pk, copies_pk)

    def api_mention(self, pk: int) -> str:
        return self._api_mention.format(pk)
