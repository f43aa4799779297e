"""Serve the plotly.js bundle that ships inside the installed plotly package.

The Python package and its JavaScript must match, so the bundle is taken
from the package itself rather than copied into static/ (where it would go
stale on upgrade). Only plotly.min.js is exposed, as ``vendor/plotly/plotly.min.js``;
the package's other data files never reach STATIC_ROOT. ``collectstatic``
copies it, and whitenoise then serves it hashed, compressed and with a
far-future cache header.
"""

import os
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
BUNDLE = "plotly.min.js"
PREFIX = "vendor/plotly"
STATIC_PATH = f"{PREFIX}/{BUNDLE}"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.storage = FileSystemStorage(location=PLOTLY_DIR)
        self.storage.prefix = PREFIX
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False):
        if path != STATIC_PATH:
            return [] if find_all else None
        full = os.fspath(PLOTLY_DIR / BUNDLE)
        if not os.path.exists(full):
            return [] if find_all else None
        return [full] if find_all else full

    def list(self, ignore_patterns):
        if self.storage.exists(BUNDLE):
            yield BUNDLE, self.storage
