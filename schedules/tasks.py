from dataclasses import asdict

from celery import shared_task


@shared_task(name="schedules.send_reminders")
def task_send_reminders() -> dict:
    """One beat tick: send the reminders due now (each at most once, see schedules.reminders)."""
    from schedules.reminders.sending import send_due_reminders

    return asdict(send_due_reminders())


@shared_task(name="schedules.send_overdue_digests")
def task_send_overdue_digests() -> dict:
    """The office users' daily digest of overdue units; runs several times a morning, sends once a day."""
    from schedules.reminders.digests import send_overdue_digests

    return asdict(send_overdue_digests())
