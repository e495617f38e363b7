import pytest

from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory


def user_with_role(*, username: str, unit, role: str, email: str = ""):
    user = UserFactory(username=username, email=email)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def office(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")


@pytest.fixture
def office_staff(office):
    return user_with_role(
        username="chuyenvien.dt", unit=office, role=Role.DISTRICT_STAFF, email="chuyenvien@pgd-dautieng.edu.vn"
    )


@pytest.fixture
def thanh_tuyen(office):
    return SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=office, symbol="THTT")


@pytest.fixture
def minh_hoa(office):
    return SchoolFactory(name="Trường Tiểu học Minh Hòa", parent=office, symbol="THMH")
