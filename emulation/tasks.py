import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="emulation.heartbeat")
def task_heartbeat() -> str:
    """Periodic proof that beat reaches a worker: records when it last ran."""
    from .models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_seen": now})
    logger.info("heartbeat %s", now.isoformat())
    return now.isoformat()


# The job row, not a task result, says how a render went: no result is stored, and sending the
# task does not wait on a result backend (a Redis one that is down would hold the request).
@shared_task(name="emulation.render_document", ignore_result=True)
def task_render_document(*, job_id: int) -> str:
    from emulation.documents.jobs import run_document_job

    return run_document_job(job_id=job_id).status


@shared_task(name="emulation.requeue_stale_jobs", ignore_result=True)
def task_requeue_stale_jobs() -> int:
    from emulation.documents.jobs import requeue_stale_jobs

    return requeue_stale_jobs()
