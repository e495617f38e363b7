"""Council services under requests that race: the unique constraints answer with the service's own words."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from emulation.enums import CouncilKind, CouncilRole
from emulation.models import Council, CouncilMember
from emulation.services import councils
from emulation.tests.factories import PeriodFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def period(db):
    return PeriodFactory(name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31))


@pytest.fixture
def council(school_a, period):
    return Council.objects.create(unit=school_a, period=period, kind=CouncilKind.EMULATION)


def blind_once(monkeypatch, name):
    """Make the service's check *name* pass the first time, as when another request inserts right after it."""
    real = getattr(councils, name)
    calls = []

    def check(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            real(**kwargs)

    monkeypatch.setattr(councils, name, check)


def test_seat_taken_by_a_request_that_did_not_wait_gets_the_seat_message(council, person_a, principal_a, monkeypatch):
    CouncilMember.objects.create(council=council, person=person_a, role=CouncilRole.MEMBER, order=1)
    blind_once(monkeypatch, "check_person")

    with pytest.raises(ValidationError) as error:
        councils.add_council_member(council=council, person=person_a, role=CouncilRole.MEMBER, by=principal_a)

    assert error.value.message_dict == {"person": ["Nguyễn Thị Hồng is already a member of this council."]}
    assert CouncilMember.objects.count() == 1


def test_chair_taken_by_a_request_that_did_not_wait_gets_the_chair_message(
    council, person_a, school_a, principal_a, monkeypatch
):
    CouncilMember.objects.create(council=council, person=person_a, role=CouncilRole.CHAIR, order=1)
    blind_once(monkeypatch, "check_role")
    other = PersonFactory(unit=school_a)

    with pytest.raises(ValidationError) as error:
        councils.add_council_member(council=council, person=other, role=CouncilRole.CHAIR, by=principal_a)

    assert [e.code for e in error.value.error_dict["role"]] == ["second_chair"]
    assert list(council.members.values_list("role", flat=True)) == [CouncilRole.CHAIR]


def test_role_change_racing_for_the_secretary_gets_the_secretary_message(
    council, person_a, school_a, principal_a, monkeypatch
):
    CouncilMember.objects.create(council=council, person=person_a, role=CouncilRole.SECRETARY, order=1)
    member = CouncilMember.objects.create(
        council=council, person=PersonFactory(unit=school_a), role=CouncilRole.MEMBER, order=2
    )
    blind_once(monkeypatch, "check_role")

    with pytest.raises(ValidationError) as error:
        councils.update_council_member(member=member, role=CouncilRole.SECRETARY, by=principal_a)

    assert [e.code for e in error.value.error_dict["role"]] == ["second_secretary"]
    member.refresh_from_db()
    assert member.role == CouncilRole.MEMBER


def test_council_created_meanwhile_is_named_instead_of_an_error_page(
    council, school_a, period, principal_a, monkeypatch
):
    blind_once(monkeypatch, "check_unique_council")

    with pytest.raises(ValidationError) as error:
        councils.create_council(unit=school_a, period=period, kind=CouncilKind.EMULATION, by=principal_a)

    assert error.value.messages == [
        "Trường Tiểu học Thanh Tuyền already has its emulation and commendation council for 2024-2025: "
        "open it to change it."
    ]
    assert Council.objects.count() == 1


def test_database_refuses_a_second_chair_but_not_a_second_vice_chair(council, person_a, school_a):
    CouncilMember.objects.create(council=council, person=person_a, role=CouncilRole.CHAIR, order=1)
    CouncilMember.objects.create(council=council, person=PersonFactory(unit=school_a), role=CouncilRole.VICE_CHAIR)
    CouncilMember.objects.create(council=council, person=PersonFactory(unit=school_a), role=CouncilRole.VICE_CHAIR)

    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilMember.objects.create(council=council, person=PersonFactory(unit=school_a), role=CouncilRole.CHAIR)

    assert council.members.count() == 3


def test_move_of_a_member_removed_meanwhile_changes_nothing(council, person_a, school_a, principal_a):
    first = CouncilMember.objects.create(council=council, person=person_a, role=CouncilRole.CHAIR, order=1)
    second = CouncilMember.objects.create(
        council=council, person=PersonFactory(unit=school_a), role=CouncilRole.MEMBER, order=2
    )
    councils.remove_council_member(member=CouncilMember.objects.get(pk=second.pk), by=principal_a)

    councils.move_council_member(member=second, up=True, by=principal_a)

    assert list(council.members.values_list("pk", "order")) == [(first.pk, 1)]
