"""Users for each role, logged-in clients, and a helper that fills admin forms."""

import datetime
import decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from sources.roles import EDITOR, FACT_CHECKER, setup_roles

PASSWORD = "correct horse battery staple"


@pytest.fixture
def roles(db):
    setup_roles()


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


@pytest.fixture
def editor(roles):
    return make_user("edna", group=EDITOR)


@pytest.fixture
def fact_checker(roles):
    return make_user("fran", group=FACT_CHECKER)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def fact_checker_client(fact_checker):
    return logged_in(fact_checker)


@pytest.fixture
def superuser_client(roles):
    return logged_in(make_user("root", superuser=True))


@pytest.fixture
def staff_client(roles):
    """Staff, but in no group: the admin lets them in and shows them nothing."""
    return logged_in(make_user("stan"))


@pytest.fixture
def reader_client(roles):
    """Logged in, not staff."""
    return logged_in(make_user("rita", staff=False))


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
