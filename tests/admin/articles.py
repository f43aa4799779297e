"""Articles and helpers the desk tests share (no tests here)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Source

BODY = (
    "Musk was asked about distillation. He said the company used “only public benchmarks” "
    "for testing. The model scored 49 points on the index. Critics called the terms vague."
)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


HEARING = """Musk concedes xAI leaned on OpenAI outputs

By Dana Whitfield

OAKLAND, Calif. -- Asked under oath whether xAI had distilled OpenAI's models to build Grok, \
Elon Musk answered: "Partly." He added that it is a general practice among AI labs.

The exchange came during the second week of Musk v. Altman in federal court.
"""


SECOND = """Judge presses both sides in Musk v. Altman

Judge Yvonne Gonzalez Rogers asked lawyers for OpenAI and for Musk to narrow their witness lists.
The trial resumes on Monday.
"""


def change_url(source: Source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def upload(client, *files):
    return client.post(
        reverse("admin:sources_source_upload"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
        follow=True,
    )
