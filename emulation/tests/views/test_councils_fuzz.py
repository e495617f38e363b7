"""Hundreds of malformed, mislabelled and oversized decision files, made the same way on every run, sent as a
browser sends them: each is stored as what it really is or refused with the council unchanged, never a 500."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.enums import CouncilKind
from emulation.forms.councils import DECISION_FILE_KINDS, DECISION_FILE_MAX_BYTES
from emulation.models import Council
from emulation.tests.bodies import csrf_client, csrf_header, post_declaring
from emulation.tests.factories import PeriodFactory
from emulation.tests.files import looks_like, malformed_upload

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

CASES = 150
BUDGET_SECONDS = 2.0  # one upload, checked and stored or refused


def stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_malformed_decision_files_are_stored_as_what_they_are_or_refused_leaving_the_council(
    principal_a, school_a, settings
):
    period = PeriodFactory(name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31))
    council = Council.objects.create(unit=school_a, period=period, kind=CouncilKind.EMULATION)
    client = csrf_client(principal_a)
    url = reverse("emulation:council-update", args=[council.pk])
    media = Path(settings.MEDIA_ROOT)
    outcomes = {"stored": 0, "refused": 0}
    slowest = 0.0
    for number in range(CASES):
        upload = malformed_upload(number, limit=DECISION_FILE_MAX_BYTES)
        before, files = (council.decision_number, council.decision_file.name), stored_files(media)
        data = {"kind": CouncilKind.EMULATION, "period": period.pk, "decision_number": f"{number + 1}/QĐ-THTT",
                "decision_date": "05/09/2024"}  # fmt: skip
        start = time.perf_counter()
        if upload.declared:
            response = post_declaring(client, url, size=upload.declared)
        else:
            data["decision_file"] = SimpleUploadedFile(upload.name, upload.content)
            response = client.post(url, data, headers=csrf_header())
        slowest = max(slowest, time.perf_counter() - start)
        council.refresh_from_db()
        if response.status_code == 302 and response["Location"] != url:
            outcomes["stored"] += 1
            kind = council.decision_file.name.rsplit(".", 1)[-1]
            with council.decision_file.open("rb") as stored:
                content = stored.read()
            assert (council.decision_number, kind in DECISION_FILE_KINDS) == (data["decision_number"], True), number
            assert (looks_like(kind, content), content) == (True, upload.content), number
        else:
            outcomes["refused"] += 1
            assert response.status_code in (200, 302), number  # the form with its error, or back to it
            assert ((council.decision_number, council.decision_file.name), stored_files(media)) == (before, files)
    assert slowest < BUDGET_SECONDS
    assert outcomes["stored"] + outcomes["refused"] == CASES
    assert outcomes["stored"] > 0 and outcomes["refused"] > 0
