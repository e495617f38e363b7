"""Fixtures shared by the initiatives tests: a district with two schools, their people and a current period."""

import datetime as dt

import pytest
from django.utils import translation

from emulation.enums import Role
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)


def user_with_role(username, unit, role, person=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role, person=person)
    return user


@pytest.fixture
def period(db):
    return PeriodFactory(name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31))


@pytest.fixture
def district(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")


@pytest.fixture
def school_a(district):
    return SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district, symbol="THTT")


@pytest.fixture
def school_b(district):
    return SchoolFactory(name="Trường Tiểu học Minh Hòa", parent=district, symbol="THMH")


@pytest.fixture
def person_a(school_a):
    return PersonFactory(full_name="Nguyễn Thị Hồng", unit=school_a, sex="female")


@pytest.fixture
def person_b(school_b):
    return PersonFactory(full_name="Trần Văn Bình", unit=school_b)


@pytest.fixture
def principal_a(school_a):
    return user_with_role("hieutruong_a", school_a, Role.PRINCIPAL)


@pytest.fixture
def principal_b(school_b):
    return user_with_role("hieutruong_b", school_b, Role.PRINCIPAL)


@pytest.fixture
def district_staff(district):
    return user_with_role("chuyenvien", district, Role.DISTRICT_STAFF)


@pytest.fixture
def outsider(db):
    return UserFactory(username="khach")


@pytest.fixture
def english():
    """Messages in English, as written in the code (the pages answer in the user's language)."""
    with translation.override("en"):
        yield
