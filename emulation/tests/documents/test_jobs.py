"""Document jobs: queued on commit, sent again by the beat when lost or refused, and a broker that is down."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from emulation.documents import jobs
from emulation.enums import JobStatus
from emulation.models import DocumentJob
from emulation.tasks import task_requeue_stale_jobs
from emulation.tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def sent(monkeypatch):
    """The job ids handed to the broker, in order (the broker itself is the outside world)."""
    ids = []
    monkeypatch.setattr(jobs.task_render_document, "delay", lambda *, job_id: ids.append(job_id))
    return ids


def _job(user, *, status=JobStatus.PENDING, age=dt.timedelta(0), error="", progress=0):
    job = DocumentJob.objects.create(
        kind="registration_list", object_id=1, requested_by=user, status=status, error=error, progress=progress
    )
    DocumentJob.objects.filter(pk=job.pk).update(created_at=NOW - age)
    return job


def test_requeue_sends_each_stale_job_once_and_leaves_fresh_and_finished_ones(district_staff, sent):
    stale = _job(district_staff, age=dt.timedelta(minutes=11))
    lost_running = _job(district_staff, status=JobStatus.RUNNING, age=dt.timedelta(minutes=30), progress=40)
    _job(district_staff, age=dt.timedelta(minutes=2))
    _job(district_staff, status=JobStatus.DONE, age=dt.timedelta(hours=1))
    _job(district_staff, status=JobStatus.FAILED, age=dt.timedelta(hours=1), error="boom")

    queued = jobs.requeue_stale_jobs(now=NOW)

    assert queued == 2
    assert sent == [stale.pk, lost_running.pk]
    assert list(DocumentJob.objects.order_by("pk").values_list("status", "progress")) == [
        (JobStatus.PENDING, 0),
        (JobStatus.PENDING, 0),
        (JobStatus.PENDING, 0),
        (JobStatus.DONE, 0),
        (JobStatus.FAILED, 0),
    ]


def test_requeue_sends_at_once_a_job_the_broker_refused(district_staff, sent):
    refused = _job(district_staff, error=f"{DocumentJob.NOT_QUEUED}Connection refused.")

    queued = jobs.requeue_stale_jobs(now=NOW)

    refused.refresh_from_db()
    assert (queued, sent) == (1, [refused.pk])
    assert (refused.status, refused.error, refused.waits_for_worker) == (JobStatus.PENDING, "", False)


def test_requeue_with_nothing_stale_sends_nothing(district_staff, sent):
    _job(district_staff, age=dt.timedelta(minutes=9))

    assert (jobs.requeue_stale_jobs(now=NOW), sent) == (0, [])


def test_the_beat_task_requeues(district_staff, sent, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    stale = _job(district_staff, age=dt.timedelta(minutes=15))

    assert (task_requeue_stale_jobs(), sent) == (1, [stale.pk])


def test_the_requeue_is_on_the_beat_schedule():
    app.loader.import_default_modules()
    entries = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}

    assert entries["requeue-document-jobs"] == "emulation.requeue_stale_jobs"
    assert settings.CELERY_BEAT_SCHEDULE["requeue-document-jobs"]["schedule"] == 300.0
    assert [task for task in entries.values() if task not in app.tasks] == []


def test_start_queues_on_commit_and_reuses_the_job_under_way(
    district_staff, sent, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(jobs._RENDERERS, "test", jobs.Renderer(render=lambda *args: None, can_view=lambda *a: True))

    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.start_document_job(kind="test", object_id=7, by=district_staff)
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.start_document_job(kind="test", object_id=7, by=district_staff)

    assert (again.pk, sent) == (first.pk, [first.pk])


# --- The broker is down ------------------------------------------------------------------------------------------


def test_enqueue_with_the_broker_down_fails_fast_and_keeps_the_job_pending(district_staff, broker_down):
    job = _job(district_staff)

    started = time.perf_counter()
    queued = jobs.enqueue(job.pk)
    elapsed = time.perf_counter() - started

    job.refresh_from_db()
    assert queued is False
    assert elapsed < 3
    assert (job.status, job.waits_for_worker) == (JobStatus.PENDING, True)
    assert job.error.startswith("not queued: ")


def test_pdf_request_with_the_broker_down_answers_and_the_beat_sends_it_later(
    client, district_staff, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    period = PeriodFactory(name="2026-2027", start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31))
    client.force_login(district_staff)

    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("emulation:registration-list-pdf"), {"period": period.pk})
    elapsed = time.perf_counter() - started
    job = DocumentJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    still_down = jobs.requeue_stale_jobs()
    job.refresh_from_db()
    waiting_after_a_failed_requeue = job.waits_for_worker

    monkeypatch.delenv("CELERY_BROKER_URL")
    sent = []
    monkeypatch.setattr(jobs.task_render_document, "delay", lambda *, job_id: sent.append(job_id))
    back = jobs.requeue_stale_jobs()

    assert elapsed < 3
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:document-job", args=[job.pk])
    assert 'id="document-waits"' in page
    assert "tài liệu sẽ được tạo ngay khi dịch vụ hoạt động trở lại" in page
    assert (still_down, waiting_after_a_failed_requeue) == (0, True)
    assert (back, sent) == (1, [job.pk])
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.PENDING, "")
