from dataclasses import asdict

from celery import shared_task


@shared_task(name="schedules.send_reminders")
def task_send_reminders() -> dict:
    """One beat tick: send the reminders due now (each at most once, see schedules.reminders)."""
    from schedules.reminders.sending import send_due_reminders

    return asdict(send_due_reminders())


@shared_task(name="schedules.announce_plans")
def task_announce_plans() -> int:
    """One beat tick: tell the units of the plans issued with a date that has now come."""
    from schedules.selectors.plans import plans_due_for_announcement
    from schedules.services import announce_plan

    return sum(announce_plan(plan_id=plan_id) for plan_id in plans_due_for_announcement())


@shared_task(name="schedules.send_overdue_digests")
def task_send_overdue_digests() -> dict:
    """The office users' daily digest of overdue units; runs several times a morning, sends once a day."""
    from schedules.reminders.digests import send_overdue_digests

    return asdict(send_overdue_digests())
