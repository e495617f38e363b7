"""Documents rendered in the background, with their progress stored in the database.

An app registers a renderer for a kind of document (``register_renderer("plan", …)``
in its ``AppConfig.ready``); a view calls :func:`start_document_job`; the worker runs
:func:`run_document_job`. The job row is the record of truth: the server-less broker can
lose a task whose worker is killed, and a broker that is down refuses it, so a job left
pending is simply queued again by the beat's :func:`requeue_stale_jobs`.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError

from emulation.enums import JobStatus
from emulation.models import DocumentJob
from emulation.tasks import task_render_document

logger = logging.getLogger(__name__)


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


def enqueue(job_id: int) -> bool:
    """Send the job to the worker; when the broker cannot take it, note why and leave the job pending.

    Publishing fails fast (no retries, a short connect timeout: ``CELERY_*`` in the settings), so the
    request that asked for the document still answers; the job page then says the document will be made
    when the worker is back, and :func:`requeue_stale_jobs` sends it again.
    """
    try:
        task_render_document.delay(job_id=job_id)
    except (KombuError, OSError) as error:
        logger.warning("document job %s could not be queued: %s", job_id, error)
        DocumentJob.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
            error=f"{DocumentJob.NOT_QUEUED}{error}"[:2000]
        )
        return False
    return True


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
    """Queue again the jobs whose task was lost (pending or running for too long) or never sent.

    Run by the beat (``CELERY_BEAT_SCHEDULE``); returns how many jobs were sent.
    """
    now = now or timezone.now()
    lost = Q(status__in=[JobStatus.PENDING, JobStatus.RUNNING], created_at__lt=now - STALE_AFTER)
    unsent = Q(status=JobStatus.PENDING, error__startswith=DocumentJob.NOT_QUEUED)
    stale = list(DocumentJob.objects.filter(lost | unsent).order_by("pk").values_list("pk", flat=True))
    DocumentJob.objects.filter(pk__in=stale).update(status=JobStatus.PENDING, progress=0, error="")
    return sum(1 for job_id in stale if enqueue(job_id))
