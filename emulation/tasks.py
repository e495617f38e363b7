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
