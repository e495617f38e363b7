import datetime as dt

import pytest

from emulation.enums import CouncilKind, CouncilRole
from emulation.models import CouncilMember
from emulation.services.councils import (
    add_council_member,
    create_council,
    move_council_member,
    remove_council_member,
    update_council,
    update_council_member,
)
from emulation.tests.factories import PeriodFactory, PersonFactory
from emulation.tests.history import last_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(school_a, principal_a):
    period = PeriodFactory(name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31))
    return create_council(unit=school_a, period=period, kind=CouncilKind.EMULATION, by=principal_a)


def test_create_council_records_who_created_it(council, principal_a):
    assert last_change(council) == (principal_a, "+", [])


def test_update_council_records_the_user_and_the_new_decision(council, district_staff):
    update_council(
        council=council, period=council.period, kind=council.kind, decision_number="12/qđ-thtt",
        decision_date=dt.date(2024, 9, 15), by=district_staff,
    )  # fmt: skip

    assert last_change(council) == (
        district_staff,
        "~",
        [("decision_date", None, dt.date(2024, 9, 15)), ("decision_number", "", "12/QĐ-THTT")],
    )


def test_council_member_changes_record_the_user(council, principal_a, district_staff, school_a):
    person = PersonFactory(unit=school_a)
    chair = add_council_member(council=council, person=person, role=CouncilRole.CHAIR, by=principal_a)

    update_council_member(member=chair, role=CouncilRole.VICE_CHAIR, by=district_staff)

    assert last_change(chair) == (district_staff, "~", [("role", CouncilRole.CHAIR, CouncilRole.VICE_CHAIR)])


def test_moving_and_removing_members_record_the_user(council, principal_a, district_staff, school_a):
    first, second = (
        add_council_member(
            council=council, person=PersonFactory(unit=school_a), role=CouncilRole.MEMBER, by=principal_a
        )
        for _ in range(2)
    )

    removed_pk = second.pk
    move_council_member(member=second, up=True, by=district_staff)
    remove_council_member(member=second, by=principal_a)

    first.refresh_from_db()
    removed = CouncilMember.history.filter(id=removed_pk).order_by("-history_date", "-history_id").first()
    assert last_change(first) == (principal_a, "~", [("order", 2, 1)])
    assert (removed.history_type, removed.history_user) == ("-", principal_a)
    assert [r.history_user for r in CouncilMember.history.filter(id=first.pk).order_by("history_id")] == [
        principal_a,
        district_staff,
        principal_a,
    ]
