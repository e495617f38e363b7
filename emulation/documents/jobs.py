"""Documents rendered in the background, with their progress stored in the database.

An app registers a renderer for a kind of document (``register_renderer("plan", …)``
in its ``AppConfig.ready``); a view calls :func:`start_document_job`; the worker runs
:func:`run_document_job`. The job row is the record of truth: the server-less broker can
lose a task whose worker is killed, so a job left pending is simply queued again.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from emulation.enums import JobStatus
from emulation.models import DocumentJob
from emulation.tasks import task_render_document

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Rendered:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Renderer:
    render: Callable[..., Rendered]  # (object_id, progress, params) -> Rendered
    can_view: Callable  # (user, object_id, params) -> bool


_RENDERERS: dict[str, Renderer] = {}
STALE_AFTER = dt.timedelta(minutes=10)


def register_renderer(kind: str, *, render: Callable[..., Rendered], can_view: Callable) -> None:
    _RENDERERS[kind] = Renderer(render=render, can_view=can_view)


def renderer_for(kind: str) -> Renderer:
    return _RENDERERS[kind]


def start_document_job(*, kind: str, object_id: int, by, params: dict | None = None) -> DocumentJob:
    """Queue a render, or return the same job still under way for this user, object and parameters."""
    renderer_for(kind)
    params = params or {}
    running = DocumentJob.objects.filter(
        kind=kind,
        object_id=object_id,
        params=params,
        requested_by=by,
        status__in=[JobStatus.PENDING, JobStatus.RUNNING],
        created_at__gte=timezone.now() - STALE_AFTER,
    ).first()
    if running:
        return running
    job = DocumentJob.objects.create(kind=kind, object_id=object_id, params=params, requested_by=by)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:

    task_render_document.delay(job_id=job_id)


def run_document_job(*, job_id: int) -> DocumentJob:
    job = DocumentJob.objects.get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=5)

    def progress(percent: int) -> None:
        DocumentJob.objects.filter(pk=job.pk).update(progress=max(5, min(percent, 99)))

    try:
        rendered = renderer_for(job.kind).render(job.object_id, progress, job.params)
    except Exception as error:
        logger.exception("document job %s failed", job.pk)
        DocumentJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    job.filename = rendered.filename
    job.status = JobStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    return job


def requeue_stale_jobs(*, now: dt.datetime | None = None) -> int:
    """Queue again the jobs whose task was lost (pending or running for too long)."""
    now = now or timezone.now()
    stale = list(
        DocumentJob.objects.filter(
            status__in=[JobStatus.PENDING, JobStatus.RUNNING], created_at__lt=now - STALE_AFTER
        ).values_list("pk", flat=True)
    )
    for job_id in stale:
        DocumentJob.objects.filter(pk=job_id).update(status=JobStatus.PENDING, progress=0)
        enqueue(job_id)
    return len(stale)
