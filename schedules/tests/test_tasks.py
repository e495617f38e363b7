"""The plans' beat task: a plan issued with a later date is announced on that day, once."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from emulation.models import Deadline, Notification
from schedules import services
from schedules.enums import LogAction
from schedules.tasks import task_announce_plans
from schedules.tests.views.test_plans import (  # noqa: F401
    SEED,
    blocks,
    dau_tieng,
    period,
    plan,
    principal,
    schools,
    staff_user,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 9):
    return time_machine.travel(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False)


@pytest.mark.usefixtures("blocks")
def test_a_plan_dated_later_is_announced_on_its_day(plan, staff_user, principal, django_capture_on_commit_callbacks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    with at(dt.date(2023, 11, 1)), django_capture_on_commit_callbacks(execute=True):
        services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
        the_day_before = task_announce_plans.apply().get()
    before = (Notification.objects.count(), Deadline.objects.filter(is_active=True).count())

    with at(dt.date(2023, 11, 3), hour=6), django_capture_on_commit_callbacks(execute=True):
        first = task_announce_plans.apply().get()
        second = task_announce_plans.apply().get()

    plan.refresh_from_db()
    assert (the_day_before, before) == (0, (0, 0))
    assert (first, second) == (1, 0)
    assert plan.announced_at == timezone.make_aware(dt.datetime(2023, 11, 3, 6))
    assert list(Notification.objects.filter(recipient=principal).values_list("title", flat=True)) == [
        f"Kế hoạch mới 01/KH-PGDĐT: {plan.title}"
    ]
    assert Deadline.objects.filter(milestone__plan=plan, is_active=True).count() == 17
    assert list(plan.log.order_by("pk").values_list("action", "by")) == [
        (LogAction.CREATED, staff_user.pk),
        (LogAction.TIMELINE_IMPORTED, staff_user.pk),
        (LogAction.ISSUED, staff_user.pk),
        (LogAction.ANNOUNCED, None),
    ]


def test_the_beat_announces_plans_every_quarter_hour_of_the_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["announce-plans"]

    assert entry["task"] == task_announce_plans.name == "schedules.announce_plans"
    assert sorted(entry["schedule"].minute) == [0, 15, 30, 45]
    assert sorted(entry["schedule"].hour) == list(range(6, 22))
