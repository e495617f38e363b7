"""Plan forms: what an office user types and what is stored."""

import pytest

from emulation.models import EmulationBlock, Unit
from schedules.forms import MilestoneForm
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
