"""Data migrations, run on rows written the old way."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from emulation.enums import DeadlineAction
from emulation.models import Deadline
from emulation.services.deadlines import upsert_deadline
from emulation.tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db

deadline_action_manual = importlib.import_module("emulation.migrations.0010_deadline_action_manual")


def test_deadlines_confirmed_by_hand_move_from_other_to_manual_and_back(district, school_a):
    period = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))

    def deadline(source, action):
        return upsert_deadline(
            source=source, period=period, issuing_unit=district, action=action, title=source,
            opens_on=None, due_on=dt.date(2023, 11, 10), units=[school_a],
        )  # fmt: skip

    confirmed = deadline("milestone:1", DeadlineAction.REGISTRATION)
    Deadline.objects.filter(pk=confirmed.pk).update(action="other")
    deadline("milestone:2", DeadlineAction.REGISTRATION)

    deadline_action_manual.other_to_manual(apps, None)
    forward = dict(Deadline.objects.values_list("source", "action"))
    deadline_action_manual.manual_to_other(apps, None)
    backward = dict(Deadline.objects.values_list("source", "action"))

    assert forward == {"milestone:1": "manual", "milestone:2": "registration"}
    assert backward == {"milestone:1": "other", "milestone:2": "registration"}
