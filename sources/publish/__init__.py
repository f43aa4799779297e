"""The published static copy of the reader site (``manage.py publish OUTDIR``).

Its own wing, above the pages and the open data: it writes both, by requesting
them as a reader would (site.py), under a URL scheme for plain files (scheme.py),
with each page's links rewritten to that scheme (rewrite.py). It imports no page
or open-data code but the open data's table and format names, so the pages'
independence of the open data (tests/test_layout.py) is untouched.
"""

from sources.publish.site import PublishError, PublishResult, publish_site

__all__ = ["PublishError", "PublishResult", "publish_site"]
