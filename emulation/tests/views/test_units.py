import pytest
from django.urls import reverse

from emulation.models import Unit
from emulation.selectors.history import FieldChange
from emulation.services.accounts import grant_role, revoke_role
from emulation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rename(unit: Unit, name: str, *, by) -> None:
    unit.name = name
    unit._history_user = by
    unit.save()


def shown(history) -> list[tuple]:
    return [(c.who, c.action, c.subject, c.fields, c.earlier_unknown) for c in history.changes]


def test_unit_page_shows_the_office_who_changed_the_unit_and_its_roles(client, district_staff, district_admin,
                                                                        school_a):  # fmt: skip
    district_admin.first_name, district_admin.last_name = "Trần Văn", "Quản"
    district_admin.save()
    rename(school_a, "Trường Tiểu học Thanh Tuyền B", by=district_admin)
    deputy = grant_role(user=UserFactory(username="pht_a"), unit=school_a, role="deputy_principal", by=district_admin)
    revoke_role(membership=deputy, by=district_staff)
    client.force_login(district_staff)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    assert response.status_code == 200
    assert shown(response.context["history"]) == [
        ("chuyenvien", "Đã xóa", "Vai trò Phó hiệu trưởng của tài khoản pht_a", [], False),
        ("Trần Văn Quản", "Tạo mới", "Vai trò Phó hiệu trưởng của tài khoản pht_a", [], False),
        (
            "Trần Văn Quản",
            "Đã sửa",
            "",
            [FieldChange("Tên", "Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Thanh Tuyền B")],
            False,
        ),
        ("hệ thống", "Tạo mới", "", [], False),
    ]
    assert "Lịch sử thay đổi" in response.content.decode()


def test_unit_page_hides_the_history_from_the_school_principal(client, principal_a, school_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    assert (response.status_code, response.context["history"]) == (200, None)
    assert "Lịch sử thay đổi" not in response.content.decode()


def test_unit_page_of_another_school_is_not_found_for_a_principal(client, principal_b, school_a):
    client.force_login(principal_b)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("changes", [1, 3])
def test_unit_page_history_has_a_fixed_query_budget(client, django_assert_num_queries, district_staff, principal_a, school_a,
                                                      changes):  # fmt: skip
    """14 queries whatever the number of changes: session, user, the user's roles, the unit, its roles, their
    lockouts, the unit's history, its roles' history, the accounts that history names, the user's model
    permissions (2), unread notifications, sub-units, staff."""
    for number in range(changes):
        rename(school_a, f"Trường Tiểu học Số {number}", by=district_staff)
    client.force_login(district_staff)

    with django_assert_num_queries(14):
        response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    # The changes, the unit's creation and the principal's role.
    assert len(response.context["history"].changes) == changes + 2
