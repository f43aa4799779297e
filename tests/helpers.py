"""Helpers shared by test modules: paths, users, admin form data, export and page readers.

Test modules import helpers from here, never from each other or from a conftest.
"""

import datetime
import decimal
import re
import shutil
import tomllib
from datetime import date
from html import unescape
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.test import Client

from sources.linking import ClaimSpec, Engine
from tests.factories import make_mention, make_outlet, make_source

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"
ARTICLES_DIR = FIXTURES_DIR / "articles"
TEST_DATA_DIR = Path(__file__).resolve().parent / "data"
TEST_OUTPUT_DIR = REPO_ROOT / "test-output"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PASSWORD = "correct horse battery staple"


def curated_engine() -> Engine:
    """The linker's engine for the curated claims and entities of fixtures/, keyed by claim
    slug, without a database: what load_story and link_sources would build."""
    with open(FIXTURES_DIR / "claims.toml", "rb") as handle:
        claims = tomllib.load(handle)["claims"]
    with open(FIXTURES_DIR / "entities.toml", "rb") as handle:
        entities = tomllib.load(handle)["entities"]
    names = {row["slug"]: [row["name"], *row.get("aliases", [])] for row in entities}
    specs = [
        ClaimSpec(key=row["slug"], kind=row["kind"], rules=row.get("match_rules", {}))
        for row in claims
    ]
    return Engine(specs, names)


def make_user(username: str, *, group: str | None = None, staff=True, superuser=False) -> User:
    user = User.objects.create_user(
        username, f"{username}@newsroom.example", PASSWORD, is_staff=staff, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    return value


def _form_fields(form, data: dict) -> None:
    for name, field in form.fields.items():
        value = _post_value(form[name].value())
        if value is not None:
            data[form.add_prefix(name)] = value
            if field.show_hidden_initial:  # fields with callable defaults post their initial
                data[form.add_initial_prefix(name)] = value


def form_data(response, **changes) -> dict:
    """What a browser would post back from an admin change page, with ``changes`` applied.

    Inline formsets are posted unchanged; use ``inline_changes`` on the result to edit them.
    """
    data: dict = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            _form_fields(form, data)
    data.update(changes)
    return data


def inline_prefix(response, model_name: str) -> str:
    """The form prefix of the inline formset for ``model_name`` on a change page."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise LookupError(model_name)


def read_rows(response, fmt: str) -> list[dict]:
    """The rows of a downloaded export, as dicts of strings (CSV), JSON values or cell values."""
    import csv
    import io
    import json

    from openpyxl import load_workbook

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))
    if fmt == "json":
        return json.loads(body)
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, r, strict=True)) for r in rows]


def text_of(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def add_sources(corpus, count: int) -> None:
    """``count`` more sources, each with mentions of the corpus's claims (some hedged)."""
    outlets = [make_outlet() for _ in range(max(1, count // 5))]
    for n in range(count):
        source = make_source(
            f"Report {n}: the firm partly used Rival models. "
            f"Its terms ban work that would develop models that compete with Rival.",
            outlet=outlets[n % len(outlets)] if n % 7 else None,
            published=date(2026, 5, 1 + n % 20),
        )
        make_mention(
            claim=corpus.hedged,
            source=source,
            quote="the firm partly used Rival models",
            qualifier="partly" if n % 2 else "",
        )
        make_mention(
            claim=corpus.policy, source=source, quote="develop models that compete with Rival"
        )
        make_mention(claim=corpus.benchmark, source=source, quote=f"Report {n}")
