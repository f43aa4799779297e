"""Admin URLs whose object id is not an id answer "not found", never a server error.

Every change, delete and history URL of every registered model, with ids that
are not whole numbers. The admin's answer for a missing object is a redirect
to its index with a message (302); a 404 is as good; a 500 is the bug.
"""

import pytest
from django.contrib import admin

BAD_IDS = ["abc", "1e3", "%00", "-1", "1.5", "9" * 30, "%F0%9F%92%A5", "1;drop", "0x1A"]


def server_errors(client, views: list[str]) -> list[str]:
    client.raise_request_exception = False  # collect every failing URL, not just the first
    failures = []
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        for bad in BAD_IDS:
            for view in views:
                url = f"{base}/{bad}/{view}"
                status = client.get(url).status_code
                if status not in (302, 404):
                    failures.append(f"{status} {url}")
    return failures


@pytest.mark.django_db
def test_bad_ids_in_change_and_delete_urls_are_not_found(superuser_client):
    failures = server_errors(superuser_client, ["change/", "delete/"])
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_bad_ids_in_history_urls_are_not_found(superuser_client):
    failures = server_errors(superuser_client, ["history/", "history/abc/", "history/1/"])
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)
