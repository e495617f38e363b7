import pytest

from emulation.enums import Role

from .factories import DistrictFactory, MembershipFactory, PersonFactory, SchoolFactory, UserFactory


@pytest.fixture
def district(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng")


@pytest.fixture
def school_a(district):
    return SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district, symbol="THTT")


@pytest.fixture
def school_b(district):
    return SchoolFactory(name="Trường Tiểu học Minh Hòa", parent=district, symbol="THMH")


def _user_with_role(username, unit, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def principal_a(school_a):
    return _user_with_role("hieutruong_a", school_a, Role.PRINCIPAL)


@pytest.fixture
def principal_b(school_b):
    return _user_with_role("hieutruong_b", school_b, Role.PRINCIPAL)


@pytest.fixture
def district_staff(district):
    return _user_with_role("chuyenvien", district, Role.DISTRICT_STAFF)


@pytest.fixture
def district_admin(district):
    return _user_with_role("quantri", district, Role.ADMINISTRATOR)


@pytest.fixture
def council_member(district):
    return _user_with_role("uyvien", district, Role.COUNCIL_MEMBER)


@pytest.fixture
def outsider(db):
    return UserFactory(username="khach")


@pytest.fixture
def person_a(school_a):
    return PersonFactory(full_name="Nguyễn Thị Hồng", unit=school_a, sex="female")


@pytest.fixture
def person_b(school_b):
    return PersonFactory(full_name="Trần Văn Bình", unit=school_b)


# Nothing listens on this port: the broker is down.
DOWN_BROKER_URL = "redis://127.0.0.1:6390/0"


@pytest.fixture
def broker_down(monkeypatch):
    """The configured Celery app pointed at a Redis that does not answer, as the environment would set it."""
    from config.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", DOWN_BROKER_URL)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    return DOWN_BROKER_URL
