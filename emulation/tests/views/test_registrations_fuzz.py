"""Hundreds of malformed, mislabelled and oversized attachments, made the same way on every run, sent as a browser
sends them: each is stored as what it really is or refused, leaving nothing behind, and none is a server error."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.forms.registrations import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES
from emulation.services.registrations import get_or_start_registration
from emulation.tests.bodies import csrf_client, csrf_header, post_declaring
from emulation.tests.factories import PeriodFactory
from emulation.tests.files import looks_like, malformed_upload

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

CASES = 150
BUDGET_SECONDS = 2.0  # one upload, checked and stored or refused


def stored_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_malformed_attachments_are_stored_as_what_they_are_or_refused_leaving_nothing(principal_a, school_a, settings):
    period = PeriodFactory(name="2026-2027", start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31))
    registration = get_or_start_registration(unit=school_a, period=period, by=principal_a)
    client = csrf_client(principal_a)
    url = reverse("emulation:registration-file-upload", args=[registration.pk, "plan"])
    media = Path(settings.MEDIA_ROOT)
    outcomes = {"stored": 0, "refused": 0}
    slowest = 0.0
    for number in range(CASES):
        upload = malformed_upload(number, limit=ATTACHMENT_MAX_BYTES)
        before, files = registration.plan_file.name, stored_files(media)
        start = time.perf_counter()
        if upload.declared:
            response = post_declaring(client, url, size=upload.declared)
        else:
            response = client.post(
                url, {"file": SimpleUploadedFile(upload.name, upload.content)}, headers=csrf_header()
            )
        slowest = max(slowest, time.perf_counter() - start)
        registration.refresh_from_db()
        level = list(get_messages(response.wsgi_request))[-1].level
        assert response.status_code == 302, number
        if registration.plan_file.name != before:
            outcomes["stored"] += 1
            kind = registration.plan_file.name.rsplit(".", 1)[-1]
            with registration.plan_file.open("rb") as stored:
                content = stored.read()
            assert (level, kind in ATTACHMENT_KINDS, looks_like(kind, content)) == (messages.SUCCESS, True, True), (
                number
            )
            assert (content, len(stored_files(media))) == (upload.content, len(files) + 1), number
        else:
            outcomes["refused"] += 1
            assert (level, stored_files(media)) == (messages.ERROR, files), number
    assert slowest < BUDGET_SECONDS
    assert outcomes["stored"] + outcomes["refused"] == CASES
    assert outcomes["stored"] > 0 and outcomes["refused"] > 0
