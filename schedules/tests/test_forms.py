"""Plan forms: what an office user types and what is stored."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from emulation.models import EmulationBlock, Unit
from schedules.forms import IssueForm, MilestoneForm
from schedules.tests.factories import MilestoneFactory, PlanFactory

pytestmark = pytest.mark.django_db


def milestone_form(data=None, *, plan, instance=None):
    units = Unit.objects.filter(pk=plan.issuing_unit.pk)
    return MilestoneForm(
        data,
        units=units,
        blocks=EmulationBlock.objects.none(),
        instance=instance or MilestoneFactory.build(plan=plan),
    )


def reminder_data(plan, days: str) -> dict:
    return {"order": 1, "content": "Họp", "due_on": "20/11/2023", "actor_units": [plan.issuing_unit.pk],
            "done_when": "manual", "reminder_offsets": days}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7, 3, 1", [7, 3, 1]),
        ("1 3 7", [7, 3, 1]),
        ("3;1, 3  7", [7, 3, 1]),
        ("[7, 3, 1]", [7, 3, 1]),
        ("0", [0]),
        ("", []),
    ],
)
def test_reminder_days_are_typed_as_a_list_of_numbers(typed, stored):
    plan = PlanFactory()
    form = milestone_form(reminder_data(plan, typed), plan=plan)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["reminder_offsets"] == stored


@pytest.mark.parametrize(
    ("typed", "word"),
    [("7, ba, 1", "ba"), ("-1", "-1"), ("2.5", "2.5"), ("61", "61"), ("٣", "٣")],
)
def test_reminder_days_other_than_whole_numbers_are_refused_in_vietnamese(typed, word):
    plan = PlanFactory()
    form = milestone_form(reminder_data(plan, typed), plan=plan)

    assert form.is_valid() is False
    assert form.errors["reminder_offsets"] == [
        f"“{word}” không phải là số ngày: hãy viết các số nguyên từ 0 đến 60, cách nhau bằng dấu phẩy, ví dụ 7, 3, 1."
    ]


def test_reminder_days_of_a_milestone_are_shown_as_typed():
    plan = PlanFactory()
    milestone = MilestoneFactory(plan=plan, reminder_offsets=[5, 2])

    form = milestone_form(plan=plan, instance=milestone)

    assert 'value="5, 2"' in str(form["reminder_offsets"])


def test_issue_form_shows_no_confirmation_box_without_a_warning():
    plan = PlanFactory(period__is_current=False)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 3, 9)), tick=False):
        unbound = IssueForm(plan=plan)
        bound = IssueForm({"issued_on": "03/11/2023"}, plan=plan)
        valid = bound.is_valid()

    assert "confirm" not in unbound.fields
    assert (valid, bound.found_warnings, "confirm" in bound.fields) == (True, [], False)


def test_issue_form_warns_only_once_the_date_itself_is_acceptable():
    plan = PlanFactory(period__is_current=False)

    with time_machine.travel(timezone.make_aware(dt.datetime(2023, 11, 3, 9)), tick=False):
        form = IssueForm({"issued_on": "31/12/9999"}, plan=plan)
        valid = form.is_valid()

    assert (valid, form.found_warnings, sorted(form.errors)) == (False, [], ["issued_on"])
