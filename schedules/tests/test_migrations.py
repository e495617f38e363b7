"""Data migrations of plans, run on rows written the old way."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from schedules.enums import LogAction
from schedules.models import Plan, PlanLog
from schedules.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

plan_announced_at = importlib.import_module("schedules.migrations.0003_plan_announced_at")


def test_plans_issued_before_the_migration_count_as_announced_when_they_were_issued():
    issued = PlanFactory(issued=True, announced_at=None)
    draft = PlanFactory()
    moment = timezone.make_aware(dt.datetime(2023, 11, 3, 10))
    log = PlanLog.objects.create(plan=issued, action=LogAction.ISSUED, to_state="issued")
    PlanLog.objects.filter(pk=log.pk).update(at=moment)

    plan_announced_at.announced_when_issued(apps, None)

    assert dict(Plan.objects.values_list("pk", "announced_at")) == {issued.pk: moment, draft.pk: None}
