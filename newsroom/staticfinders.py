"""Which plotly.js bundle the chart pages load, and the check that it matches the plotly package.

The pages load plotly.js's "basic" distribution (trace types bar, pie and scatter: what
timeline/charts.py draws), about 1.2 MB, 395 KB gzipped, instead of the full bundle that
ships inside the plotly Python package (4.8 MB, every trace type, WebGL and maps). It is
committed under static/vendor/plotly/basic/ as npm publishes it
(``npm pack plotly.js-basic-dist-min@<version>``: plotly.min.js is the package's
plotly-basic.min.js, beside its LICENSE and package.json), so the ordinary
FileSystemFinder serves and collects it; whitenoise then hashes and compresses it.

The figures are built by the plotly Python package and drawn by that bundle, so the two
must speak the same plotly.js version. ``PlotlyFinder`` finds no file of its own any more;
it stays in STATICFILES_FINDERS for its ``check()``, which Django runs with every
``manage.py check`` (and so every ``runserver`` and deploy check): after a
``pip install -U plotly`` it reports that the committed bundle must be upgraded too,
with the npm command that does it.

``PLOTLY_BUNDLE`` is the one static path every chart page uses, through the
``{% plotly_script %}`` tag (sources/templatetags/newsroom.py). A page that needs a trace
type outside the basic set (a heatmap, a histogram, a box) switches this constant to the
"cartesian" distribution (``plotly.js-cartesian-dist-min``), committed the same way.
No database access.
"""

import importlib.util
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error

# The path under STATIC_URL, as {% static %} takes it.
PLOTLY_BUNDLE = "vendor/plotly/basic/plotly.min.js"
# The npm package the bundle comes from (its package.json is committed beside it).
PLOTLY_NPM_PACKAGE = "plotly.js-basic-dist-min"

# "* plotly.js v4.1.1" or "* plotly.js (basic - minified) v4.1.1" in the bundle's banner.
_BANNER_VERSION = re.compile(r"^\* plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+\S*)", re.MULTILINE)


def vendor_dir() -> Path:
    """static/vendor/plotly/basic/: where the committed bundle lives."""
    return Path(settings.BASE_DIR) / "static" / Path(PLOTLY_BUNDLE).parent


def banner_version(path: Path) -> str | None:
    """The plotly.js version in a bundle's opening comment, or None."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(400)
    match = _BANNER_VERSION.search(head)
    return match.group(1) if match else None


def package_plotly_js_version() -> str | None:
    """The plotly.js version that the installed plotly Python package draws with."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    bundle = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    return banner_version(bundle) if bundle.exists() else None


def vendor_plotly_js_version() -> str | None:
    """The plotly.js version of the committed bundle (from its banner)."""
    bundle = vendor_dir() / Path(PLOTLY_BUNDLE).name
    return banner_version(bundle) if bundle.exists() else None


class PlotlyFinder(BaseFinder):
    """Finds nothing; checks that the committed bundle and the plotly package agree."""

    def check(self, **kwargs) -> list[Error]:
        wanted, committed = package_plotly_js_version(), vendor_plotly_js_version()
        if committed is None:
            return [
                Error(
                    f"static/{PLOTLY_BUNDLE} is missing or has no plotly.js version banner.",
                    id="newsroom.E001",
                )
            ]
        if wanted is not None and wanted != committed:
            return [
                Error(
                    f"static/{PLOTLY_BUNDLE} is plotly.js {committed}, but the installed "
                    f"plotly package draws with plotly.js {wanted}.",
                    hint=(
                        f"npm pack {PLOTLY_NPM_PACKAGE}@{wanted} and replace plotly.min.js "
                        f"(its plotly-basic.min.js), LICENSE and package.json in "
                        f"static/{Path(PLOTLY_BUNDLE).parent}/."
                    ),
                    id="newsroom.E002",
                )
            ]
        return []

    def find(self, path: str, find_all: bool = False) -> list:
        return []  # what FileSystemFinder answers for a file it does not have

    def list(self, ignore_patterns):
        return iter(())
