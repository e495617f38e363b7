"""Hundreds of malformed, mislabelled and oversized files of evidence, made the same way on every run, sent as a
browser sends them: each is stored as what it really is or refused with the confirmation unchanged, never a 500."""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.models import DeadlineCompletion
from emulation.tests.bodies import csrf_client, csrf_header, post_declaring
from emulation.tests.files import looks_like, malformed_upload
from schedules.tests.views.test_completion import confirm_url, office, period, plan, principal, schools, staff  # noqa: F401
from schedules.views.completion import EVIDENCE_KINDS, EVIDENCE_MAX_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

CASES = 150
BUDGET_SECONDS = 2.0  # one upload, checked and stored or refused


def stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def state(unit) -> tuple[str, str] | None:
    completion = DeadlineCompletion.objects.filter(unit=unit).first()
    return (completion.note, completion.file.name) if completion else None


def test_malformed_evidence_is_stored_as_what_it_is_or_refused(plan, principal, schools, settings):  # noqa: F811
    school = schools["thanh_tuyen"]
    client = csrf_client(principal)
    url = confirm_url(plan, 3, school)
    media = Path(settings.MEDIA_ROOT)
    outcomes = {"stored": 0, "refused": 0}
    slowest = 0.0
    for number in range(CASES):
        upload = malformed_upload(number, limit=EVIDENCE_MAX_BYTES)
        before, files = state(school), stored_files(media)
        note = f"Biên bản số {number + 1}"
        start = time.perf_counter()
        if upload.declared:
            response = post_declaring(client, url, size=upload.declared)
        else:
            file = SimpleUploadedFile(upload.name, upload.content)
            response = client.post(url, {"note": note, "file": file}, headers=csrf_header())
        slowest = max(slowest, time.perf_counter() - start)
        if response.status_code == 302 and response["Location"] == reverse("emulation:dashboard"):
            outcomes["stored"] += 1
            completion = DeadlineCompletion.objects.get(unit=school)
            kind = completion.file.name.rsplit(".", 1)[-1]
            with completion.file.open("rb") as stored:
                content = stored.read()
            assert (completion.note, kind in EVIDENCE_KINDS, looks_like(kind, content)) == (note, True, True), number
            assert content == upload.content, number
        else:
            outcomes["refused"] += 1
            assert response.status_code in (200, 302), number  # the form with its error, or back to it
            assert (state(school), stored_files(media)) == (before, files), number
    assert slowest < BUDGET_SECONDS
    assert outcomes["stored"] + outcomes["refused"] == CASES
    assert outcomes["stored"] > 0 and outcomes["refused"] > 0
